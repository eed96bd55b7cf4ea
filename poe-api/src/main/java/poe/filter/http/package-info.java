/**
 * HTTP messages for {@link poe.filter.Httpd}: {@link poe.filter.http.HttpRequest},
 * {@link poe.filter.http.HttpResponse}, their common {@link poe.filter.http.HttpMessage}
 * and {@link poe.filter.http.HttpHeaders}. Immutable values with builders.
 *
 * <pre>{@code
 * HttpResponse reply = HttpResponse.text(200, "ok\n");
 * List<byte[]> wire = Httpd.create().put(List.of(reply));
 * }</pre>
 */
package poe.filter.http;
