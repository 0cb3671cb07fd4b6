// engine/platform/system_certificates.h on Windows: the certificate authorities Windows trusts
// (the "ROOT" system store), copied into OpenSSL's store, which has no system file to read here.
#include "platform/system_certificates.h"

// wincrypt.h first: OpenSSL's headers undefine the names of its that clash (X509_NAME, ...).
#include <windows.h>
#include <wincrypt.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace impact::platform {

int addSystemRootCertificates(ssl_ctx_st* context) {
    X509_STORE* store = SSL_CTX_get_cert_store(context);
    if (!store) return 0;
    HCERTSTORE system = CertOpenSystemStoreW(0, L"ROOT");
    if (!system) return 0;
    int added = 0;
    for (PCCERT_CONTEXT cert = CertEnumCertificatesInStore(system, nullptr); cert;
         cert = CertEnumCertificatesInStore(system, cert)) {
        const unsigned char* der = cert->pbCertEncoded;
        X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
        if (!x509) continue; // one OpenSSL cannot read: the others still count
        // A certificate the store already holds is refused, harmlessly.
        if (X509_STORE_add_cert(store, x509) == 1) ++added;
        X509_free(x509);
    }
    CertCloseStore(system, 0);
    return added;
}

} // namespace impact::platform
