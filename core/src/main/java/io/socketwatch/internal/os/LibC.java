package io.socketwatch.internal.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls a netlink socket needs, bound through JNA. Sizes ({@code size_t}, {@code ssize_t}) are Java
 * {@code long}s, so this binding is for 64-bit (LP64) Linux only; {@link JnaNetlinkTransport#open()} checks that.
 * Loading it may throw {@link UnsatisfiedLinkError} or another {@link LinkageError}.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength)
            throws LastErrorException;

    long recv(int fd, Pointer buffer, long length, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
