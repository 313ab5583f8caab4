package io.socketwatch.internal.tracker;

import io.socketwatch.model.ClientResource.Kind;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.util.OptionalInt;

/**
 * Reads what a client resource is connected to from the library object the agent passed along, by reflection: the
 * library may sit in any class loader, so none of its types is named here. Not on the socket hot path: called once
 * per acquired resource (and released Apache lease), and only while a window records. The text may hold secrets; the
 * caller redacts it.
 */
final class ClientTargets {

    /** A manager class's public {@code getMaxPerRoute(HttpRoute)}, looked up once per class; {@code null}: none. */
    private static final ClassValue<Method> MAX_PER_ROUTE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            for (Method method : type.getMethods()) {
                if (method.getName().equals("getMaxPerRoute") && method.getParameterCount() == 1
                        && method.getParameterTypes()[0].getName().equals("org.apache.hc.client5.http.HttpRoute")) {
                    return method;
                }
            }
            return null;
        }
    };

    private ClientTargets() {
    }

    /**
     * Returns the target text: {@code "GET http://host/..."} for an OkHttp call (its URL redacted by OkHttp), the
     * JDBC URL, {@code "<url> (<pool name>)"} for a Hikari pool, the route of an Apache pool entry, {@code host:port}
     * for a Reactor Netty connection ({@code resource}, its pool's ref, tells its channel's remote address). Never
     * throws: what cannot be read is described as such.
     */
    static String of(Kind kind, Object resource, Object source) {
        try {
            return switch (kind) {
                case OKHTTP_CALL -> {
                    Object request = call(source, "request");
                    yield call(request, "method") + " " + call(call(request, "url"), "redact");
                }
                case JDBC_CONNECTION -> String.valueOf(source);
                case POOLED_JDBC_CONNECTION -> {
                    Object url = call(source, "getJdbcUrl");
                    Object pool = call(source, "getPoolName");
                    yield url != null ? url + " (" + pool + ")" : String.valueOf(pool);
                }
                case APACHE_HTTPCLIENT_LEASE -> String.valueOf(call(source, "getRoute"));
                case REACTOR_NETTY_CONNECTION -> {
                    Object remote = call(call(call(resource, "poolable"), "channel"), "remoteAddress");
                    yield remote instanceof InetSocketAddress address
                            ? address.getHostString() + ":" + address.getPort() : String.valueOf(remote);
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(target unreadable: " + e + ")";
        }
    }

    /**
     * Returns the maximum size of the pool {@code source} hands out connections from, where it can be read: HikariCP's
     * {@code getMaximumPoolSize()}; the maximum a Reactor Netty pool (one per remote address) allocates, from its
     * metrics' {@code getMaxAllocatedSize()}. Empty for the other kinds, whose library objects do not tell, and when
     * reading fails.
     */
    static OptionalInt poolMaximumSize(Kind kind, Object source) {
        try {
            Object size = switch (kind) {
                case POOLED_JDBC_CONNECTION -> call(source, "getMaximumPoolSize");
                case REACTOR_NETTY_CONNECTION -> call(call(source, "metrics"), "getMaxAllocatedSize");
                default -> null;
            };
            return size instanceof Integer maximum && maximum > 0 && maximum < Integer.MAX_VALUE
                    ? OptionalInt.of(maximum) : OptionalInt.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Returns the Netty channel of {@code resource}, a Reactor Netty pool's ref ({@code poolable().channel()}), or
     * {@code null} for other kinds and when it cannot be read.
     */
    static Object channelOf(Kind kind, Object resource) {
        if (kind != Kind.REACTOR_NETTY_CONNECTION) {
            return null;
        }
        try {
            return call(call(resource, "poolable"), "channel");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Returns what the pool of {@code source} keys its limits by: an Apache pool entry's route; else {@code null}. */
    static Object poolKey(Kind kind, Object source) {
        if (kind != Kind.APACHE_HTTPCLIENT_LEASE) {
            return null;
        }
        try {
            return call(source, "getRoute");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Returns how many connections Apache HttpClient's connection manager {@code pool} allows to {@code route}: its
     * {@code getMaxPerRoute(route)}. Empty when the route is unknown or the call fails.
     */
    static OptionalInt maximumPerRoute(Object pool, Object route) {
        if (pool == null || route == null) {
            return OptionalInt.empty();
        }
        try {
            Method getter = MAX_PER_ROUTE.get(pool.getClass());
            return getter != null && getter.invoke(pool, route) instanceof Integer max && max > 0
                    ? OptionalInt.of(max) : OptionalInt.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Calls {@code target}'s public method {@code name}, without arguments, as a public class or interface declares it:
     * a library's own classes are often not public (Reactor Netty's pooled connection), and calling through them fails.
     */
    private static Object call(Object target, String name) throws ReflectiveOperationException {
        Method method = publicDeclaration(target.getClass(), name);
        return (method != null ? method : target.getClass().getMethod(name)).invoke(target);
    }

    /** Returns {@code name()} as the first public type among {@code type} and its supertypes declares it, or null. */
    private static Method publicDeclaration(Class<?> type, String name) {
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (Modifier.isPublic(each.getModifiers())) {
                try {
                    return each.getMethod(name);
                } catch (NoSuchMethodException notHere) {
                    // a supertype below may still declare it
                }
            }
            for (Class<?> face : each.getInterfaces()) {
                Method method = publicDeclaration(face, name);
                if (method != null) {
                    return method;
                }
            }
        }
        return null;
    }
}
