package io.socketwatch.internal.tracker;

import io.socketwatch.model.ClientResource.Kind;
import java.lang.reflect.Method;
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
     * JDBC URL, {@code "<url> (<pool name>)"} for a Hikari pool, the route of an Apache pool entry. Never throws: what
     * cannot be read is described as such.
     */
    static String of(Kind kind, Object source) {
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
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(target unreadable: " + e + ")";
        }
    }

    /**
     * Returns the maximum size of the pool {@code source} hands out connections from, where it can be read: HikariCP's
     * {@code getMaximumPoolSize()}. Empty for the other kinds, whose library objects do not tell, and when reading
     * fails.
     */
    static OptionalInt poolMaximumSize(Kind kind, Object source) {
        if (kind != Kind.POOLED_JDBC_CONNECTION) {
            return OptionalInt.empty();
        }
        try {
            return call(source, "getMaximumPoolSize") instanceof Integer size && size > 0
                    ? OptionalInt.of(size) : OptionalInt.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalInt.empty();
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

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
