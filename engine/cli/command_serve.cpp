// `impact serve`: the local service behind the spreadsheet add-in (SPEC "The local service").
#include "cli/command.h"
#include "common/error.h"
#include "serve/certificate.h"
#include "serve/server.h"
#include "serve/trust_store.h"

#include <iostream>

namespace impact::cli {

namespace {

int number(const Args& args, const std::string& name, int low, int high, int fallback) {
    const std::string* text = args.value(name);
    if (!text) return fallback;
    try {
        std::size_t used = 0;
        int n = std::stoi(*text, &used);
        if (used == text->size() && n >= low && n <= high) return n;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + name + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
                     ", not '" + *text + "'.");
}

int runServe(const std::vector<std::string>& argv) {
    Args args(argv, {"port", "max-upload-mb", "request-timeout", "busy-timeout", "threads", "queue", "workers", "cert-dir"},
              {"insecure-http", "install-certificate"});
    if (!args.positional().empty()) throw UsageError("serve takes no workbook: the add-in sends it. See 'impact serve --help'.");
    std::string certDir = args.value("cert-dir") ? *args.value("cert-dir") : "";
    if (args.flag("install-certificate")) {
        serve::CertificateFiles files = serve::createCertificates(certDir);
        std::cout << "Made a certificate authority for this computer and a certificate for https://localhost:\n"
                  << "  " << files.caCert << "  (" << serve::describeCertificate(files.caCert) << ")\n"
                  << "  " << files.cert << "  (" << serve::describeCertificate(files.cert) << ")\n"
                  << "  " << files.key << "  (private key, readable only by you)\n"
                  << "The authority can vouch only for localhost and 127.0.0.1, and its own key was not kept.\n\n"
                  << serve::trustCertificate(files) << "\nNow run 'impact serve'.\n";
        return kExitOk;
    }
    serve::ServeOptions o;
    o.port = number(args, "port", 0, 65535, 8765);
    o.insecureHttp = args.flag("insecure-http");
    o.maxBodyBytes = static_cast<std::size_t>(number(args, "max-upload-mb", 1, 1024, 50)) << 20;
    o.requestSeconds = number(args, "request-timeout", 1, 3600, 60);
    o.busySeconds = number(args, "busy-timeout", 1, 3600, 120);
    o.threads = number(args, "threads", 1, 256, 16);
    o.queue = number(args, "queue", 1, 10000, 256);
    o.workers = number(args, "workers", 0, 256, 0);
    o.certDir = certDir;
    return serve::runServer(o, std::cout, std::cerr);
}

} // namespace

Command serveCommand() {
    return {"serve", "the local service behind the spreadsheet add-in (https://localhost, this computer only)",
            "Usage: impact serve [--port N] [--insecure-http]\n"
            "       impact serve --install-certificate\n\n"
            "Serves the Excel add-in's task pane and the API it calls, on https://localhost:8765/ and\n"
            "to this computer only (it listens on 127.0.0.1). Keep it running while you use the add-in;\n"
            "Ctrl+C stops it. Each request's workbook is kept only while it is processed, in a private\n"
            "temporary folder, and the log shows no pupil data (method, path, status, size, time).\n\n"
            "  --install-certificate  once per computer: make the certificate for https://localhost and\n"
            "                         trust it (your browser's certificate store; steps printed otherwise)\n"
            "  --port N               another port (default 8765; 0 picks a free one and prints it)\n"
            "  --insecure-http        plain http, for tests only (Excel will not load it)\n"
            "  --max-upload-mb N      largest request accepted, in MB (default 50)\n"
            "  --request-timeout S    seconds a client has to send a request and take the answer (default 60)\n"
            "  --busy-timeout S       seconds a request waits for a free worker before 503 'busy' (default 120)\n"
            "  --threads N            connections served at once (default 16)\n"
            "  --queue N              connections waiting before new ones get 503 'busy' (default 256)\n"
            "  --workers N            workbooks processed at once (default: the number of cores)\n"
            "  --cert-dir DIR         where the certificate is (default: your Impact settings folder/certs)\n\n"
            "Exit code: 0 stopped normally; 2 no certificate yet, or the port is taken.\n",
            runServe};
}

} // namespace impact::cli
