// The coupon linters of AI (8110) and (8112): the North American coupon code layout of the GS1
// US coupon application guideline. Fields are read left to right; every variable-length field
// is announced by a one-digit length indicator (VLI).
#include <optional>
#include <string>
#include <string_view>

#include "pharmatwin/serialization/gs1_linters.hpp"

namespace pharmatwin::serialization {

namespace {

using Fail = std::optional<LintFailure>;

class CouponReader {
 public:
  explicit CouponReader(std::string_view data) : data_(data) {}

  bool at_end() const { return pos_ >= data_.size(); }
  std::size_t pos() const { return pos_; }
  char peek() const { return data_[pos_]; }

  // A one-digit indicator whose value must be in [lo, hi] (or `extra`); returns its value.
  Fail vli(const char* field, int lo, int hi, int& value, int extra = -1) {
    if (at_end()) return LintFailure{pos_, std::string("missing ") + field + " length indicator"};
    const int v = data_[pos_] - '0';
    if ((v < lo || v > hi) && v != extra) {
      return LintFailure{pos_, std::string(field) + " length indicator " + data_[pos_] +
                                   " is not " + std::to_string(lo) + "-" + std::to_string(hi) +
                                   (extra >= 0 ? " or " + std::to_string(extra) : "")};
    }
    value = v;
    ++pos_;
    return std::nullopt;
  }

  // One digit out of `allowed`.
  Fail code(const char* field, std::string_view allowed) {
    if (at_end()) return LintFailure{pos_, std::string("missing ") + field};
    if (allowed.find(data_[pos_]) == std::string_view::npos) {
      return LintFailure{
          pos_, std::string(field) + " " + data_[pos_] + " is not one of " + std::string(allowed)};
    }
    ++pos_;
    return std::nullopt;
  }

  // `length` more digits; a GS1 Company Prefix when `company_prefix`.
  Fail take(const char* field, std::size_t length, std::string_view* out = nullptr) {
    if (data_.size() - pos_ < length) {
      return LintFailure{pos_, std::string(field) + " is cut short (" + std::to_string(length) +
                                   " digits expected)"};
    }
    if (out != nullptr) *out = data_.substr(pos_, length);
    pos_ += length;
    return std::nullopt;
  }

  Fail date(const char* field, int reference_year, std::string_view* out) {
    const std::size_t at = pos_;
    if (auto f = take(field, 6, out)) return f;
    if (auto f = run_linter(Gs1Linter::kYymmdd, *out, reference_year)) {
      return LintFailure{at + f->position, std::string(field) + ": " + f->message};
    }
    return std::nullopt;
  }

  Fail excess() const {
    if (!at_end()) return LintFailure{pos_, "data left over after the last coupon field"};
    return std::nullopt;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

Fail digits_only(std::string_view data) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] < '0' || data[i] > '9') {
      return LintFailure{i, std::string("'") + data[i] + "' is not a digit"};
    }
  }
  return std::nullopt;
}

// A purchase requirement: value (VLI 1-5), requirement code (0-4, 9), family code (3 digits).
Fail purchase(CouponReader& r, const char* which) {
  int n = 0;
  const std::string req = std::string(which) + " purchase requirement";
  if (auto f = r.vli(req.c_str(), 1, 5, n)) return f;
  if (auto f = r.take(req.c_str(), static_cast<std::size_t>(n))) return f;
  if (auto f = r.code((req + " code").c_str(), "012349")) return f;
  return r.take((std::string(which) + " purchase family code").c_str(), 3);
}

// A company prefix announced by VLI 0-6 (6-12 digits), or 9 for none when `optional`.
Fail company(CouponReader& r, const char* field, bool optional) {
  int n = 0;
  if (auto f = r.vli(field, 0, 6, n, optional ? 9 : -1)) return f;
  if (n == 9) return std::nullopt;
  return r.take(field, static_cast<std::size_t>(n + 6));
}

}  // namespace

Fail lint_coupon_code(std::string_view data, int reference_year) {
  if (auto f = digits_only(data)) return f;
  CouponReader r(data);
  if (auto f = company(r, "GS1 Company Prefix", false)) return f;
  if (auto f = r.take("offer code", 6)) return f;
  int n = 0;
  if (auto f = r.vli("save value", 1, 5, n)) return f;
  if (auto f = r.take("save value", static_cast<std::size_t>(n))) return f;
  if (auto f = purchase(r, "primary")) return f;
  if (!r.at_end() && r.peek() == '1') {  // second qualifying purchase
    r.take("field", 1);
    if (auto f = r.code("additional purchase rules code", "0123")) return f;
    if (auto f = purchase(r, "second")) return f;
    if (auto f = company(r, "second purchase GS1 Company Prefix", true)) return f;
  }
  if (!r.at_end() && r.peek() == '2') {  // third qualifying purchase
    r.take("field", 1);
    if (auto f = purchase(r, "third")) return f;
    if (auto f = company(r, "third purchase GS1 Company Prefix", true)) return f;
  }
  std::string_view expiry, start;
  if (!r.at_end() && r.peek() == '3') {
    r.take("field", 1);
    if (auto f = r.date("expiration date", reference_year, &expiry)) return f;
  }
  if (!r.at_end() && r.peek() == '4') {
    r.take("field", 1);
    const std::size_t at = r.pos();
    if (auto f = r.date("start date", reference_year, &start)) return f;
    if (!expiry.empty() && start > expiry) {
      return LintFailure{at, "start date is after the expiration date"};
    }
  }
  if (!r.at_end() && r.peek() == '5') {
    r.take("field", 1);
    if (auto f = r.vli("serial number", 0, 9, n)) return f;
    if (auto f = r.take("serial number", static_cast<std::size_t>(n + 6))) return f;
  }
  if (!r.at_end() && r.peek() == '6') {
    r.take("field", 1);
    if (auto f = r.vli("retailer GCP/GLN", 1, 7, n)) return f;
    if (auto f = r.take("retailer GCP/GLN", static_cast<std::size_t>(n + 6))) return f;
  }
  if (!r.at_end() && r.peek() == '9') {
    r.take("field", 1);
    if (auto f = r.code("save value code", "01256")) return f;
    if (auto f = r.code("save value applies to item", "012")) return f;
    if (auto f = r.code("store coupon flag", "0123456789")) return f;
    if (auto f = r.code("don't multiply flag", "01")) return f;
  }
  return r.excess();
}

Fail lint_coupon_positive_offer(std::string_view data) {
  if (auto f = digits_only(data)) return f;
  CouponReader r(data);
  if (auto f = r.code("format code", "01")) return f;
  if (auto f = company(r, "funder ID", false)) return f;
  if (auto f = r.take("offer code", 6)) return f;
  int n = 0;
  if (auto f = r.vli("serial number", 0, 9, n)) return f;
  if (auto f = r.take("serial number", static_cast<std::size_t>(n + 6))) return f;
  return r.excess();
}

}  // namespace pharmatwin::serialization
