#include "serve/certificate.h"

#include "common/error.h"
#include "common/paths.h"
#include "platform/environment.h"
#include "platform/files.h"
#include "platform/path_text.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>

namespace impact::serve {

namespace {

namespace fs = std::filesystem;

struct Free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;

[[noreturn]] void fail(const std::string& what) {
    unsigned long code = ERR_get_error();
    char reason[256] = "";
    if (code) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    throw WriteError("making the localhost certificate failed: " + what + (code ? std::string(" (") + reason + ")" : "") +
                     ". Check that OpenSSL 3 is installed.");
}

Key newKey() {
    Key key(EVP_EC_gen("P-256"));
    if (!key) fail("cannot make a P-256 key");
    return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || !X509_add_ext(cert, ext.get(), -1)) fail(std::string("cannot add the extension ") + OBJ_nid2sn(nid));
}

Cert newCertificate(EVP_PKEY* key, const std::string& commonName, long days) {
    Cert cert(X509_new());
    if (!cert || !X509_set_version(cert.get(), 2)) fail("cannot make a certificate");
    // A random positive 127-bit serial number: browsers reject a repeated issuer + serial.
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) fail("no random numbers");
    serial[0] &= 0x7f;
    std::unique_ptr<BIGNUM, Free> bn(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()))) fail("cannot set the serial number");
    // Valid from an hour ago, so a clock a little behind does not reject it.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 24 * 3600);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Impact"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
    if (!X509_set_pubkey(cert.get(), key)) fail("cannot set the public key");
    return cert;
}

void sign(X509* cert, EVP_PKEY* issuerKey) {
    if (!X509_sign(cert, issuerKey, EVP_sha256())) fail("cannot sign the certificate");
}

/// Writes via a temporary file and an atomic replace, with `permissions` from the start (a key is
/// never readable by others).
void writeFile(const std::string& path, const std::string& text, platform::Permissions permissions) {
    std::string temp = path + ".tmp";
    platform::removeFile(temp);
    platform::OutputFile out;
    if (!out.open(temp, platform::OutputFile::Mode::CreateNew, permissions))
        throw WriteError(temp + ": cannot be written (" + platform::lastErrorText() + ").");
    bool ok = out.write(text);
    ok = out.setPermissions(permissions) && ok;
    ok = out.close() && ok;
    if (!ok || !platform::replaceFile(temp, path)) {
        platform::removeFile(temp);
        throw WriteError(path + ": cannot be written. Check the folder's permissions and free space.");
    }
}

std::string pem(X509* cert) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_X509(bio.get(), cert)) fail("cannot encode the certificate");
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string pem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) fail("cannot encode the key");
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

} // namespace

CertificateFiles certificateFiles(const std::string& dir) {
    CertificateFiles f;
    f.dir = dir.empty() ? platform::utf8(platform::utf8Path(userConfigDir()) / "certs") : dir;
    f.caCert = platform::utf8(platform::utf8Path(f.dir) / "ca.pem");
    f.cert = platform::utf8(platform::utf8Path(f.dir) / "localhost.pem");
    f.key = platform::utf8(platform::utf8Path(f.dir) / "localhost-key.pem");
    return f;
}

CertificateFiles createCertificates(const std::string& dir) {
    CertificateFiles files = certificateFiles(dir);
    std::error_code ec;
    fs::create_directories(platform::utf8Path(files.dir), ec);
    if (ec) throw WriteError(files.dir + ": cannot create the certificates folder (" + ec.message() + ").");
    platform::makeFolderPrivate(files.dir);

    Key caKey = newKey();
    Cert ca = newCertificate(caKey.get(), "Impact local CA (" + platform::hostName() + ")", 3650);
    X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
    addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    // Even if this CA were misused, it could vouch only for this machine's own names.
    addExtension(ca.get(), ca.get(), NID_name_constraints,
                 "critical,permitted;DNS:localhost,permitted;IP:127.0.0.1/255.255.255.255");
    sign(ca.get(), caKey.get());

    Key key = newKey();
    Cert leaf = newCertificate(key.get(), "localhost", 825);
    X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get()));
    addExtension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    addExtension(leaf.get(), ca.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    addExtension(leaf.get(), ca.get(), NID_subject_key_identifier, "hash");
    addExtension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(leaf.get(), caKey.get());

    writeFile(files.key, pem(key.get()), platform::Permissions::Private);
    writeFile(files.cert, pem(leaf.get()), platform::Permissions::Public);
    writeFile(files.caCert, pem(ca.get()), platform::Permissions::Public);
    return files; // caKey is freed here and was never written anywhere
}

std::string describeCertificate(const std::string& pemFile) {
    Bio bio(BIO_new_file(pemFile.c_str(), "r"));
    if (!bio) throw ReadError(pemFile + ": cannot be opened. Run 'impact serve --install-certificate'.");
    Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) throw ReadError(pemFile + ": is not a PEM certificate. Run 'impact serve --install-certificate' again.");
    char subject[256] = "";
    X509_NAME_oneline(X509_get_subject_name(cert.get()), subject, sizeof subject);
    Bio out(BIO_new(BIO_s_mem()));
    ASN1_TIME_print(out.get(), X509_get0_notAfter(cert.get()));
    char* data = nullptr;
    long n = BIO_get_mem_data(out.get(), &data);
    return std::string(subject) + ", valid until " + std::string(data, static_cast<std::size_t>(n));
}

} // namespace impact::serve
