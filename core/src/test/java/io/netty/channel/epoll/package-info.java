/** Stand-ins named like Netty's native epoll transport, for socketwatch's tests; not Netty. */
package io.netty.channel.epoll;
