package io.meshgate.api;

import java.util.ArrayList;
import java.util.List;

/** Every route of the API with its absolute path template, collected from the mounted services. */
final class RouteTable {
    private RouteTable() {}

    static List<ApiRoute> of(List<? extends ApiService> services) {
        List<ApiRoute> routes = new ArrayList<>();
        for (ApiService service : services) {
            for (ApiRoute route : service.routes()) {
                routes.add(new ApiRoute(route.method(), join(service.mountPath(), route.path())));
            }
        }
        return List.copyOf(routes);
    }

    /** {@code /api/v1/audit} + {@code /{id}}; a service's own path {@code /} is its mount path. */
    static String join(String mountPath, String path) {
        if (path.equals("/")) {
            return mountPath;
        }
        return mountPath.equals("/") ? path : mountPath + path;
    }
}
