package io.socketwatch.internal.os;

import java.util.List;

/**
 * The TCP rows of one {@code netstat} output.
 *
 * @param entries  every TCP row whose addresses could be read, in output order; inode 0 and uid -1, as netstat tells
 *                 neither, and no timer
 * @param cutShort the rows (line number and text) left out because netstat cut an address short to fit its column,
 *                 which BSD netstat does to long IPv6 addresses without {@code -W}; such an address names no socket
 */
record NetstatRows(List<SocketEntry> entries, List<String> cutShort) {

    NetstatRows {
        entries = List.copyOf(entries);
        cutShort = List.copyOf(cutShort);
    }
}
