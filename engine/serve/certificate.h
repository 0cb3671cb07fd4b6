// The certificate that lets the task pane load from https://localhost: a per-install certificate
// authority (CA) and a `localhost` certificate it signs, made with OpenSSL's C API.
#pragma once

#include <string>

namespace impact::serve {

struct CertificateFiles {
    std::string dir;      ///< userConfigDir()/certs unless given
    std::string caCert;   ///< ca.pem: the CA to trust (public; the CA's private key is never stored)
    std::string cert;     ///< localhost.pem: the service's certificate
    std::string key;      ///< localhost-key.pem: its private key (readable by this user only)
};

/// Where the files are (or would be) for `dir` ("" for userConfigDir()/certs).
CertificateFiles certificateFiles(const std::string& dir = "");

/// Makes a new CA (P-256, 10 years, CA:TRUE, keyCertSign, name-constrained to localhost and
/// 127.0.0.1) and a localhost certificate (P-256, 825 days, SAN DNS:localhost + IP:127.0.0.1,
/// serverAuth). The CA's private key is used once and thrown away: it can sign nothing else.
/// Writes the files (folder and key this user's only), replacing old ones. Throws impact::WriteError.
CertificateFiles createCertificates(const std::string& dir = "");

/// A one-line description of a certificate file: subject, expiry. Throws impact::ReadError.
std::string describeCertificate(const std::string& pemFile);

} // namespace impact::serve
