// The Ed25519 key that signs the audit trails of a site, through OpenSSL.
//
// A trail's seal lines are signed with the site's private key and carry its public key, so that
// `audit verify` can tell a trail this site wrote from one rewritten consistently (every later
// hash recomputed) by someone without the key. Ed25519 signatures are deterministic: the same key
// and trail give the same bytes.
//
// The key is a PEM file (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it). The site's
// key is found at $PHARMATWIN_AUDIT_KEY, else $XDG_CONFIG_HOME/pharmatwin/audit-ed25519.pem, else
// ~/.config/pharmatwin/audit-ed25519.pem, and is generated there on first use (mode 0600, its
// directory 0700).
//
//   std::string error;
//   auto key = SigningKey::site(&error);           // or SigningKey::load("key.pem", &error)
//   const std::string sig = key->sign_hex("message");
//   bool ok = verify_signature_hex(key->public_key_hex(), "message", sig);  // true
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pharmatwin::experiments {

class SigningKey {
 public:
  // Reads a private key file; refuses one readable by group or others, or not Ed25519.
  static std::shared_ptr<const SigningKey> load(const std::filesystem::path& path,
                                                std::string* error);
  // The site's key (see above), generated when it does not exist yet.
  static std::shared_ptr<const SigningKey> site(std::string* error);
  // `path` when given, else the site's key.
  static std::shared_ptr<const SigningKey> from(const std::optional<std::filesystem::path>& path,
                                                std::string* error);
  // Generates a key at `path` (which must not exist) with mode 0600.
  static std::shared_ptr<const SigningKey> generate(const std::filesystem::path& path,
                                                    std::string* error);

  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  const std::string& public_key_hex() const { return public_hex_; }  // 32 bytes, 64 hex digits
  std::string sign_hex(std::string_view message) const;              // 64 bytes, 128 hex digits
  const std::filesystem::path& path() const { return path_; }

 private:
  SigningKey() = default;
  void* pkey_ = nullptr;  // EVP_PKEY*
  std::string public_hex_;
  std::filesystem::path path_;
};

// Where the site's key lives (it may not exist yet).
std::filesystem::path site_key_path();

// The public key (hex) of a PEM file holding an Ed25519 public or private key.
std::optional<std::string> read_public_key_hex(const std::filesystem::path& path,
                                               std::string* error);

bool verify_signature_hex(const std::string& public_key_hex, std::string_view message,
                          const std::string& signature_hex);

}  // namespace pharmatwin::experiments
