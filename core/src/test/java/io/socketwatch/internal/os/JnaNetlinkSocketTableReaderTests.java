package io.socketwatch.internal.os;

class JnaNetlinkSocketTableReaderTests extends NetlinkSocketTableReaderContract {

    @Override
    NetlinkTransport openTransport() {
        return JnaNetlinkTransport.open();
    }
}
