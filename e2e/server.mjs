// A static file server for the browser tests: serves a build folder under
// any path prefix, optionally with a Content-Security-Policy header, and
// logs every request so tests can count them.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".json": "application/json",
};

export function serve({ root, prefix = "/", csp = null, port = 0, extra = {}, notFound = null }) {
    const requests = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, "http://localhost");
        requests.push(url.pathname);
        if (extra[url.pathname]) {
            const [type, body] = extra[url.pathname];
            res.writeHead(200, { "Content-Type": type, ...(csp ? { "Content-Security-Policy": csp } : {}) });
            res.end(body);
            return;
        }
        if (!url.pathname.startsWith(prefix)) {
            res.writeHead(404).end("not found");
            return;
        }
        let rel = decodeURIComponent(url.pathname.slice(prefix.length));
        if (rel === "" || rel.endsWith("/")) rel += "index.html";
        const file = path.join(root, rel);
        if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            // Like a static host's custom error page (`notFound`: a file of the folder, such as 404.html).
            if (notFound) res.writeHead(404, { "Content-Type": TYPES[".html"], ...(csp ? { "Content-Security-Policy": csp } : {}) }).end(fs.readFileSync(path.join(root, notFound)));
            else res.writeHead(404).end("not found");
            return;
        }
        const headers = { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" };
        if (csp) headers["Content-Security-Policy"] = csp;
        res.writeHead(200, headers);
        fs.createReadStream(file).pipe(res);
    });
    return new Promise((resolve) => {
        server.listen(port, "127.0.0.1", () => {
            const { port } = server.address();
            resolve({ url: `http://127.0.0.1:${port}${prefix}`, port, requests, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) });
        });
    });
}
