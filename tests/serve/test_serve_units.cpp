// Unit tests of engine/serve's pure parts: base64, the Host/Origin/content-type rules, static-file
// lookup and MIME types, the private temporary folder and the certificate files.
#include "common/base64.h"
#include "serve/addin_files.h"
#include "serve/certificate.h"
#include "serve/guard.h"
#include "serve/private_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace impact;
using namespace impact::serve;

TEST(ServeBase64, RoundTripsEveryLengthAndByte) {
    std::mt19937 rng(7);
    for (std::size_t n = 0; n < 70; ++n) {
        std::string bytes(n, '\0');
        for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
        std::string text = base64Encode(bytes);
        EXPECT_EQ(text.size() % 4, 0u);
        auto back = base64Decode(text);
        ASSERT_TRUE(back.has_value()) << n;
        EXPECT_EQ(*back, bytes);
    }
}

TEST(ServeBase64, KnownVectorsRfc4648) {
    EXPECT_EQ(base64Encode(std::string("foobar")), "Zm9vYmFy");
    EXPECT_EQ(base64Encode(std::string("fo")), "Zm8=");
    EXPECT_EQ(*base64Decode("Zm9vYg=="), "foob");
    EXPECT_EQ(*base64Decode("Zm9vYg"), "foob"); // padding is optional
}

TEST(ServeBase64, RefusesWhatIsNotBase64) {
    for (const char* bad : {"Zm9v YmFy", "Zm9v\nYmFy", "Zm9vY", "Zm9=vYmFy", "Zm9vYg=", "Zm9vYh==", "****", "Zg==="})
        EXPECT_FALSE(base64Decode(bad).has_value()) << bad;
}

TEST(ServeGuard, HostIsLocalhostOrLoopbackWithItsPort) {
    EXPECT_TRUE(hostAllowed("localhost:8765", 8765));
    EXPECT_TRUE(hostAllowed("127.0.0.1:8765", 8765));
    EXPECT_TRUE(hostAllowed("LocalHost", 8765));
    EXPECT_FALSE(hostAllowed("localhost:8766", 8765));
    EXPECT_FALSE(hostAllowed("evil.example:8765", 8765));
    EXPECT_FALSE(hostAllowed("localhost.evil.example:8765", 8765));
    EXPECT_FALSE(hostAllowed("127.0.0.2:8765", 8765));
    EXPECT_FALSE(hostAllowed("", 8765));
}

TEST(ServeGuard, OriginIsAbsentOrItsOwn) {
    EXPECT_TRUE(originAllowed("", "https", 8765));
    EXPECT_TRUE(originAllowed("https://localhost:8765", "https", 8765));
    EXPECT_TRUE(originAllowed("https://127.0.0.1:8765", "https", 8765));
    EXPECT_FALSE(originAllowed("http://localhost:8765", "https", 8765));
    EXPECT_FALSE(originAllowed("https://localhost:8766", "https", 8765));
    EXPECT_FALSE(originAllowed("null", "https", 8765));
    EXPECT_FALSE(originAllowed("https://excel.officeapps.live.com", "https", 8765));
}

TEST(ServeGuard, OnlyJsonContentTypes) {
    EXPECT_TRUE(isJsonContentType("application/json"));
    EXPECT_TRUE(isJsonContentType("Application/JSON; charset=UTF-8"));
    for (const char* t : {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=a",
                          "application/jsonx", "text/json"})
        EXPECT_FALSE(isJsonContentType(t)) << t;
}

TEST(ServeStatic, MimeTypes) {
    EXPECT_EQ(*mimeType("o15apptofilemappingtable.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(*mimeType("TASKPANE.HTML"), "text/html; charset=utf-8");
    EXPECT_EQ(*mimeType("icon.png"), "image/png");
    EXPECT_EQ(*mimeType("manifest.xml"), "application/xml");
    EXPECT_FALSE(mimeType("secrets.db").has_value());
    EXPECT_FALSE(mimeType("run.sh").has_value());
}

TEST(ServeStatic, LookupStaysInsideTheFolder) {
    fs::path root = fs::temp_directory_path() / ("serve-units-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "pane" / "assets");
    std::ofstream(root / "pane" / "taskpane.html") << "<html>";
    std::ofstream(root / "pane" / "assets" / "a.png") << "png";
    std::ofstream(root / "secret.txt") << "secret";
    fs::create_symlink(root / "secret.txt", root / "pane" / "link.txt");
    std::ofstream(root / "pane" / "package.json") << "{}";
    std::ofstream(root / "pane" / "served-files.txt") << "# list\n taskpane.html \n\nassets/a.png\r\nlink.txt\nmissing.js\n";
    std::string pane = (root / "pane").string();
    EXPECT_EQ(servedFiles(pane), (std::set<std::string>{"taskpane.html", "assets/a.png", "link.txt", "missing.js"}));

    auto ok = lookupStatic(pane, "/");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(fs::path(ok.file).filename(), "taskpane.html");
    EXPECT_EQ(lookupStatic(pane, "/assets/a.png").status, 200);
    EXPECT_EQ(lookupStatic(pane, "/assets%2fa.png").status, 200); // decoded, still inside
    EXPECT_EQ(lookupStatic(pane, "/../secret.txt").status, 403);
    EXPECT_EQ(lookupStatic(pane, "/%2e%2e/secret.txt").status, 403);
    EXPECT_EQ(lookupStatic(pane, "/assets/../../secret.txt").status, 403);
    EXPECT_EQ(lookupStatic(pane, "/link.txt").status, 403);
    EXPECT_EQ(lookupStatic(pane, "/..\\secret.txt").status, 403);
    EXPECT_EQ(lookupStatic(pane, "/assets").status, 404);
    EXPECT_EQ(lookupStatic(pane, "/missing.js").status, 404);
    EXPECT_EQ(lookupStatic(pane, "/package.json").status, 404) << "present but not listed";
    EXPECT_EQ(lookupStatic(pane, "/served-files.txt").status, 404) << "the list itself is not listed";
    fs::remove(root / "pane" / "served-files.txt");
    EXPECT_EQ(lookupStatic(pane, "/").status, 404) << "no list, nothing served";
    fs::remove_all(root);
}

TEST(ServePrivateDir, IsPrivateAndGoneAfterwards) {
    std::string path;
    {
        PrivateDir dir;
        path = dir.path();
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0700u);
        std::string file = dir.write("book.xlsx", "bytes");
        ASSERT_EQ(::stat(file.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u);
    }
    EXPECT_FALSE(fs::exists(path));
    try {
        PrivateDir dir;
        path = dir.path();
        dir.write("a.xlsx", "x");
        throw std::runtime_error("a failing request");
    } catch (const std::runtime_error&) {
    }
    EXPECT_FALSE(fs::exists(path)) << "removed on the error path too";
}

TEST(ServeCertificate, FilesAndModes) {
    fs::path dir = fs::temp_directory_path() / ("serve-cert-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    CertificateFiles files = createCertificates(dir.string());
    struct stat st {};
    ASSERT_EQ(::stat(files.key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_NE(describeCertificate(files.cert).find("CN=localhost"), std::string::npos);
    EXPECT_NE(describeCertificate(files.caCert).find("Impact local CA"), std::string::npos);
    std::size_t entries = static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
    EXPECT_EQ(entries, 3u) << "CA certificate, certificate and key: no CA key, no leftovers";
    fs::remove_all(dir);
}
