#include "pharmatwin/experiments/audit_key.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "pharmatwin/experiments/audit.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;

namespace {

std::optional<std::vector<unsigned char>> from_hex(const std::string& hex) {
  if (hex.size() % 2) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<unsigned char> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

std::optional<std::string> raw_public_hex(EVP_PKEY* pkey) {
  unsigned char raw[32];
  std::size_t n = sizeof raw;
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_ED25519 ||
      EVP_PKEY_get_raw_public_key(pkey, raw, &n) != 1 || n != sizeof raw)
    return std::nullopt;
  return to_hex(raw, n);
}

// Reads a PEM file with `read` (a private or public key reader) into an EVP_PKEY.
template <typename Reader>
EVP_PKEY* read_pem(const fs::path& path, Reader read) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return nullptr;
  EVP_PKEY* pkey = read(f);
  std::fclose(f);
  return pkey;
}

}  // namespace

SigningKey::~SigningKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }

fs::path site_key_path() {
  if (const char* p = std::getenv("PHARMATWIN_AUDIT_KEY"); p && *p) return p;
  fs::path config;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    config = x;
  else if (const char* h = std::getenv("HOME"); h && *h)
    config = fs::path(h) / ".config";
  else
    config = ".";
  return config / "pharmatwin" / "audit-ed25519.pem";
}

std::shared_ptr<const SigningKey> SigningKey::load(const fs::path& path, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (error) *error = path.string() + ": cannot read the signing key: " + std::strerror(errno);
    return nullptr;
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    if (error)
      *error = path.string() + ": the signing key is accessible by others (mode " + mode +
               "); chmod 600 it";
    return nullptr;
  }
  EVP_PKEY* pkey =
      read_pem(path, [](FILE* f) { return PEM_read_PrivateKey(f, nullptr, nullptr, nullptr); });
  if (!pkey) {
    if (error) *error = path.string() + ": not a PEM private key";
    return nullptr;
  }
  auto hex = raw_public_hex(pkey);
  if (!hex) {
    EVP_PKEY_free(pkey);
    if (error) *error = path.string() + ": not an Ed25519 key";
    return nullptr;
  }
  auto key = std::shared_ptr<SigningKey>(new SigningKey());
  key->pkey_ = pkey;
  key->public_hex_ = *hex;
  key->path_ = path;
  return key;
}

std::shared_ptr<const SigningKey> SigningKey::generate(const fs::path& path, std::string* error) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!pkey) {
    if (error) *error = "cannot generate an Ed25519 key";
    return nullptr;
  }
  // Written to a private temporary file, then linked into place: a concurrent first use sees
  // either no key or a whole one, and exactly one key wins.
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  FILE* f = fd >= 0 ? ::fdopen(fd, "wb") : nullptr;
  const bool written =
      f && PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (f)
    std::fclose(f);
  else if (fd >= 0)
    ::close(fd);
  EVP_PKEY_free(pkey);
  if (!written) {
    ::unlink(tmp.c_str());
    if (error) *error = path.string() + ": cannot write the signing key: " + std::strerror(errno);
    return nullptr;
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    if (error)
      *error = path.string() + ": cannot write the signing key: " + std::strerror(link_errno);
    return nullptr;
  }
  return load(path, error);
}

std::shared_ptr<const SigningKey> SigningKey::site(std::string* error) {
  const fs::path path = site_key_path();
  std::error_code ec;
  if (fs::exists(path, ec)) return load(path, error);
  const fs::path dir = path.parent_path();
  if (!dir.empty() && !fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      if (error)
        *error = dir.string() + ": cannot create the directory of the signing key: " + ec.message();
      return nullptr;
    }
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  return generate(path, error);
}

std::shared_ptr<const SigningKey> SigningKey::from(const std::optional<fs::path>& path,
                                                   std::string* error) {
  return path ? load(*path, error) : site(error);
}

std::string SigningKey::sign_hex(std::string_view message) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char sig[64];
  std::size_t n = sizeof sig;
  const bool ok =
      ctx &&
      EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(pkey_)) == 1 &&
      EVP_DigestSign(ctx, sig, &n, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? to_hex(sig, n) : std::string();
}

std::optional<std::string> read_public_key_hex(const fs::path& path, std::string* error) {
  EVP_PKEY* pkey =
      read_pem(path, [](FILE* f) { return PEM_read_PUBKEY(f, nullptr, nullptr, nullptr); });
  if (!pkey)
    pkey =
        read_pem(path, [](FILE* f) { return PEM_read_PrivateKey(f, nullptr, nullptr, nullptr); });
  if (!pkey) {
    if (error) *error = path.string() + ": not a PEM public or private key";
    return std::nullopt;
  }
  auto hex = raw_public_hex(pkey);
  EVP_PKEY_free(pkey);
  if (!hex && error) *error = path.string() + ": not an Ed25519 key";
  return hex;
}

bool verify_signature_hex(const std::string& public_key_hex, std::string_view message,
                          const std::string& signature_hex) {
  const auto pub = from_hex(public_key_hex);
  const auto sig = from_hex(signature_hex);
  if (!pub || pub->size() != 32 || !sig || sig->size() != 64) return false;
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub->data(), pub->size());
  if (!pkey) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
      EVP_DigestVerify(ctx, sig->data(), sig->size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace pharmatwin::experiments
