#include "pharmatwin/serialization/gs1_company_prefix.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pharmatwin::serialization {

namespace {

constexpr std::size_t kMaxPrefixDigits = 12;
constexpr int kMaxLength = 12;

bool all_digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

Error table_error(std::size_t offset, std::string where, std::string rule) {
  return make_error("company prefix table", offset, std::move(where) + ": " + std::move(rule));
}

// What is wrong with one entry, if anything.
std::optional<std::string> check_entry(std::string_view prefix, long long length) {
  if (prefix.empty() || prefix.size() > kMaxPrefixDigits || !all_digits(prefix)) {
    return "prefix \"" + std::string(prefix) + "\" is not 1-12 digits";
  }
  if (length < 0 || length > kMaxLength) {
    return "length " + std::to_string(length) + " is not 0-12";
  }
  return std::nullopt;
}

// Where each prefix was listed, for the message about a prefix listed twice.
using Seen = std::unordered_map<std::string, std::string>;

std::string clash_text(std::string_view prefix, int length, int before, const Seen& seen) {
  const auto it = seen.find(std::string(prefix));
  return "prefix " + std::string(prefix) + " has length " + std::to_string(length) + " here and " +
         std::to_string(before) + " at " +
         (it == seen.end() ? std::string("an earlier entry") : it->second);
}

Result<CompanyPrefixTable> parse_json(std::string_view text);

}  // namespace

namespace {

Result<CompanyPrefixTable> parse_json(std::string_view text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t at = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
    return table_error(at, "JSON", "not valid JSON");
  } catch (const nlohmann::json::exception&) {  // e.g. a number beyond double range
    return table_error(0, "JSON", "not readable JSON (a number out of range)");
  }
  const auto list = doc.is_object() ? doc.find("GCPPrefixFormatList") : doc.end();
  if (list == doc.end() || !list->is_object() || !list->contains("entry") ||
      !(*list)["entry"].is_array()) {
    return table_error(0, "JSON", "expected {\"GCPPrefixFormatList\": {\"entry\": [...]}}");
  }
  CompanyPrefixTable table;
  Seen seen;
  const auto& entries = (*list)["entry"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    const std::string where = "entry " + std::to_string(i + 1);
    if (!entry.is_object()) return table_error(0, where, "not an object");
    const auto prefix = entry.find("prefix");
    if (prefix == entry.end() || !prefix->is_string()) {
      return table_error(0, where, "\"prefix\" missing or not a string");
    }
    const auto length = entry.find("gcpLength");
    long long n = -1;
    if (length != entry.end() && length->is_number_integer()) {
      n = length->get<long long>();
    } else if (length != entry.end() && length->is_string() &&
               !length->get_ref<const std::string&>().empty() &&
               length->get_ref<const std::string&>().size() <= 2 &&
               all_digits(length->get_ref<const std::string&>())) {
      n = std::stoll(length->get<std::string>());
    } else {
      return table_error(0, where, "\"gcpLength\" missing or not a whole number");
    }
    const std::string& p = prefix->get_ref<const std::string&>();
    if (auto bad = check_entry(p, n)) return table_error(0, where, *bad);
    if (auto before = table.add(p, static_cast<int>(n))) {
      return table_error(0, where, clash_text(p, static_cast<int>(n), *before, seen));
    }
    seen.emplace(p, where);
  }
  return table;
}

Result<CompanyPrefixTable> parse_text(std::string_view text) {
  CompanyPrefixTable table;
  Seen seen;
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const std::size_t line_start = start;
    start = end + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    // Fields: prefix, length; anything else is an error.
    std::string_view fields[3];
    std::size_t columns[3] = {0, 0, 0};
    int count = 0;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && is_space(line[i])) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      while (j < line.size() && !is_space(line[j])) ++j;
      if (count == 3) break;
      fields[count] = line.substr(i, j - i);
      columns[count] = i;
      ++count;
      i = j;
    }
    if (count == 0) continue;
    const auto where = [&](int field) {
      return "line " + std::to_string(line_no) + ", column " + std::to_string(columns[field] + 1) +
             (field == 0   ? " (prefix)"
              : field == 1 ? " (length)"
                           : "");
    };
    const auto at = [&](int field) { return line_start + columns[field]; };
    if (count == 1) {
      return table_error(line_start + line.size(), where(0),
                         "expected \"PREFIX LENGTH\", the length is missing");
    }
    if (count == 3) return table_error(at(2), where(2), "unexpected text after the length");
    const std::string_view prefix = fields[0];
    const std::string_view length = fields[1];
    if (prefix.empty() || prefix.size() > kMaxPrefixDigits || !all_digits(prefix)) {
      return table_error(at(0), where(0), "\"" + std::string(prefix) + "\" is not 1-12 digits");
    }
    if (length.size() > 2 || !all_digits(length)) {
      return table_error(at(1), where(1), "\"" + std::string(length) + "\" is not a number 0-12");
    }
    const int n = std::stoi(std::string(length));
    if (auto bad = check_entry(prefix, n)) return table_error(at(1), where(1), *bad);
    if (auto before = table.add(prefix, n)) {
      return table_error(at(0), where(0), clash_text(prefix, n, *before, seen));
    }
    seen.emplace(std::string(prefix), "line " + std::to_string(line_no));
  }
  return table;
}

}  // namespace

Result<CompanyPrefixTable> CompanyPrefixTable::parse(std::string_view text) {
  std::size_t first = 0;
  while (first < text.size() && (is_space(text[first]) || text[first] == '\n')) ++first;
  auto table = first < text.size() && text[first] == '{' ? parse_json(text) : parse_text(text);
  if (table && table->size() == 0) return table_error(0, "table", "no entries");
  return table;
}

Result<CompanyPrefixTable> CompanyPrefixTable::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path.string(), 0, "cannot read the company prefix table");
  std::ostringstream text;
  text << in.rdbuf();
  auto table = parse(text.str());
  if (!table) {
    Error e = table.error();
    e.element = path.string();
    return e;
  }
  return table;
}

std::optional<int> CompanyPrefixTable::add(std::string_view prefix, int length) {
  const auto [it, added] = lengths_.emplace(std::string(prefix), length);
  if (!added && it->second != length) return it->second;
  longest_prefix_ = std::max(longest_prefix_, prefix.size());
  return std::nullopt;
}

std::optional<CompanyPrefixMatch> CompanyPrefixTable::find(std::string_view digits) const {
  for (std::size_t n = std::min(longest_prefix_, digits.size()); n > 0; --n) {
    const auto it = lengths_.find(digits.substr(0, n));
    if (it != lengths_.end()) return CompanyPrefixMatch{it->first, it->second};
  }
  return std::nullopt;
}

}  // namespace pharmatwin::serialization
