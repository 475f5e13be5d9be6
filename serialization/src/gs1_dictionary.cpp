#include "pharmatwin/serialization/gs1_dictionary.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace pharmatwin::serialization {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSlots2 = 0, kSlots3 = 100, kSlots4 = 1100, kSlotsEnd = 11100;
constexpr std::string_view kFlagChars = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int number(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::size_t slot_of(std::string_view ai) {
  const std::size_t base = ai.size() == 2 ? kSlots2 : ai.size() == 3 ? kSlots3 : kSlots4;
  return base + static_cast<std::size_t>(number(ai));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// "N14,csum,gcppos2", "[X1],hyphen", "X..20": one component.
std::optional<AiComponent> parse_component(std::string_view token, std::string& why,
                                           std::vector<std::string>& unknown_linters) {
  AiComponent c;
  const auto parts = split(token, ',');
  std::string_view type = parts[0];
  if (type.starts_with('[')) {
    if (!type.ends_with(']')) {
      why = "unclosed '[' in component \"" + std::string(token) + "\"";
      return std::nullopt;
    }
    c.optional = true;
    type = type.substr(1, type.size() - 2);
  }
  if (type.empty()) {
    why = "empty component";
    return std::nullopt;
  }
  switch (type[0]) {
    case 'N':
      c.charset = AiCharset::kNumeric;
      break;
    case 'X':
      c.charset = AiCharset::kCset82;
      break;
    case 'Y':
      c.charset = AiCharset::kCset39;
      break;
    case 'Z':
      c.charset = AiCharset::kCset64;
      break;
    default:
      why = "unknown character set '" + std::string(1, type[0]) + "'";
      return std::nullopt;
  }
  std::string_view length = type.substr(1);
  const bool variable = length.starts_with("..");
  if (variable) length.remove_prefix(2);
  if (!all_digits(length) || number(length) == 0 || number(length) > 255) {
    why = "bad length in component \"" + std::string(token) + "\"";
    return std::nullopt;
  }
  c.max_length = static_cast<std::uint8_t>(number(length));
  c.min_length = variable ? 1 : c.max_length;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    if (const auto linter = linter_from_name(parts[i])) {
      c.linters.push_back(*linter);
    } else {
      unknown_linters.emplace_back(parts[i]);
    }
  }
  return c;
}

bool is_flags(std::string_view token) {
  for (const char c : token) {
    if (kFlagChars.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::size_t AiEntry::min_length() const {
  std::size_t n = 0;
  for (const auto& c : components) n += c.optional ? 0 : c.min_length;
  return n;
}

std::size_t AiEntry::max_length() const {
  std::size_t n = 0;
  for (const auto& c : components) n += c.max_length;
  return n;
}

bool ai_matches(std::string_view pattern, std::string_view ai) {
  if (pattern.size() != ai.size()) return false;
  for (std::size_t i = 0; i < ai.size(); ++i) {
    if (pattern[i] != ai[i] && !(pattern[i] == 'n' && is_digit(ai[i]))) return false;
  }
  return true;
}

Result<Gs1Dictionary> Gs1Dictionary::parse(std::string_view text) {
  Gs1Dictionary dict;
  std::size_t line_no = 0;
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    ++line_no;
    const std::size_t hash = line.find('#');
    const std::string_view body = trim(line.substr(0, hash));
    if (body.empty()) continue;
    const std::string_view title =
        hash == std::string_view::npos ? std::string_view{} : trim(line.substr(hash + 1));
    const auto bad = [&](const std::string& why) {
      return make_error("GS1 syntax dictionary", line_no,
                        "line " + std::to_string(line_no) + ": " + why);
    };
    const auto toks = tokens(body);
    // The AI or AI range.
    const auto range = split(toks[0], '-');
    if (range.size() > 2 || !all_digits(range[0]) || !all_digits(range.back()) ||
        range[0].size() < 2 || range[0].size() > 4 || range.back().size() != range[0].size() ||
        number(range.back()) < number(range[0])) {
      return bad("\"" + std::string(toks[0]) + "\" is not an AI or AI range");
    }
    AiEntry entry;
    entry.title = std::string(title);
    std::size_t t = 1;
    if (t < toks.size() && is_flags(toks[t])) {
      entry.fnc1_required = toks[t].find('*') == std::string_view::npos;
      entry.dl_attribute = toks[t].find('?') != std::string_view::npos;
      ++t;
    }
    std::string why;
    for (; t < toks.size(); ++t) {
      const std::string_view tok = toks[t];
      const char first = tok[0];
      if (first != 'N' && first != 'X' && first != 'Y' && first != 'Z' && first != '[') break;
      auto component = parse_component(tok, why, entry.unknown_linters);
      if (!component) return bad(why);
      if (!entry.components.empty() && entry.components.back().optional && !component->optional) {
        return bad("a mandatory component follows an optional one");
      }
      entry.components.push_back(std::move(*component));
    }
    if (entry.components.empty()) return bad("no format specification");
    for (; t < toks.size(); ++t) {
      const std::string_view tok = toks[t];
      const std::size_t eq = tok.find('=');
      const std::string_view key = tok.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view{} : tok.substr(eq + 1);
      if (key == "req") {
        std::vector<std::vector<AiPattern>> alternatives;
        for (const auto alt : split(value, ',')) {
          std::vector<AiPattern> group;
          for (const auto ai : split(alt, '+')) group.emplace_back(ai);
          alternatives.push_back(std::move(group));
        }
        entry.requires_all.push_back(std::move(alternatives));
      } else if (key == "ex") {
        for (const auto ai : split(value, ',')) entry.excludes.emplace_back(ai);
      } else if (key == "dlpkey") {
        entry.dl_primary_key = true;
        if (!value.empty()) {
          for (const auto path : split(value, '|')) {
            std::vector<std::string> qualifiers;
            for (const auto ai : split(path, ',')) qualifiers.emplace_back(ai);
            entry.dl_qualifier_paths.push_back(std::move(qualifiers));
          }
        }
      }
      // Other attributes are not used by this library.
    }
    for (int n = number(range[0]); n <= number(range.back()); ++n) {
      std::string ai = std::to_string(n);
      ai.insert(0, range[0].size() - ai.size(), '0');
      entry.ai = ai;
      dict.entries_.push_back(entry);
    }
  }
  if (dict.entries_.empty()) return make_error("GS1 syntax dictionary", 0, "no AI entries");
  dict.index();
  // AIs are prefix-free: no AI may start another one.
  for (const auto& e : dict.entries_) {
    for (std::size_t len = 2; len < e.ai.size(); ++len) {
      if (const AiEntry* shorter = dict.find(std::string_view(e.ai).substr(0, len))) {
        return make_error("GS1 syntax dictionary", 0,
                          "AI (" + shorter->ai + ") is a prefix of AI (" + e.ai + ")");
      }
    }
  }
  return dict;
}

void Gs1Dictionary::index() {
  by_number_.assign(kSlotsEnd, -1);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    by_number_[slot_of(entries_[i].ai)] = static_cast<std::int16_t>(i);
  }
}

Result<Gs1Dictionary> Gs1Dictionary::load(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error("GS1 syntax dictionary", 0, "cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto dict = parse(text.str());
  if (!dict) {
    Error e = dict.error();
    e.rule = path.string() + ": " + e.rule;
    return e;
  }
  dict.value().source_ = path;
  return dict;
}

const AiEntry* Gs1Dictionary::find(std::string_view ai) const {
  if (ai.size() < 2 || ai.size() > 4 || !all_digits(ai) || by_number_.empty()) return nullptr;
  const std::int16_t i = by_number_[slot_of(ai)];
  return i < 0 ? nullptr : &entries_[static_cast<std::size_t>(i)];
}

const AiEntry* Gs1Dictionary::find_prefix(std::string_view data) const {
  if (data.size() < 2 || by_number_.empty() || !is_digit(data[0]) || !is_digit(data[1])) {
    return nullptr;
  }
  int n = (data[0] - '0') * 10 + (data[1] - '0');
  if (const std::int16_t i = by_number_[kSlots2 + static_cast<std::size_t>(n)]; i >= 0) {
    return &entries_[static_cast<std::size_t>(i)];
  }
  if (data.size() < 3 || !is_digit(data[2])) return nullptr;
  n = n * 10 + (data[2] - '0');
  if (const std::int16_t i = by_number_[kSlots3 + static_cast<std::size_t>(n)]; i >= 0) {
    return &entries_[static_cast<std::size_t>(i)];
  }
  if (data.size() < 4 || !is_digit(data[3])) return nullptr;
  n = n * 10 + (data[3] - '0');
  const std::int16_t i = by_number_[kSlots4 + static_cast<std::size_t>(n)];
  return i < 0 ? nullptr : &entries_[static_cast<std::size_t>(i)];
}

unsigned Gs1Dictionary::ai_lengths_for(std::string_view two_digits) const {
  unsigned mask = 0;
  for (const auto& e : entries_) {
    if (std::string_view(e.ai).substr(0, 2) == two_digits) mask |= 1u << e.ai.size();
  }
  return mask;
}

// ---- Finding and loading the shipped file ----

namespace {

std::mutex g_default_mutex;
std::optional<fs::path> g_default_path;
std::optional<Result<Gs1Dictionary>> g_default;
std::atomic<const Gs1Dictionary*> g_ready{nullptr};  // set once loaded: the lock-free path

void add_candidates(fs::path dir, std::vector<fs::path>& out) {
  for (int i = 0; i < 8 && !dir.empty(); ++i) {
    out.push_back(dir / "data" / "gs1" / kGs1DictionaryFile);
    out.push_back(dir / "share" / "pharmatwin" / "gs1" / kGs1DictionaryFile);
    const fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
  }
}

std::vector<fs::path> candidates() {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && !exe.empty()) add_candidates(exe.parent_path(), out);
  const fs::path cwd = fs::current_path(ec);
  if (!ec) add_candidates(cwd, out);
#ifdef PHARMATWIN_GS1_SOURCE_DATA_DIR
  out.push_back(fs::path(PHARMATWIN_GS1_SOURCE_DATA_DIR) / kGs1DictionaryFile);
#endif
#ifdef PHARMATWIN_GS1_INSTALL_DATA_DIR
  out.push_back(fs::path(PHARMATWIN_GS1_INSTALL_DATA_DIR) / kGs1DictionaryFile);
#endif
  return out;
}

}  // namespace

std::optional<fs::path> find_gs1_dictionary(const std::optional<fs::path>& explicit_path) {
  if (explicit_path) return explicit_path;
  if (const char* env = std::getenv("PHARMATWIN_GS1_DICTIONARY"); env != nullptr && *env != 0) {
    return fs::path(env);
  }
  std::error_code ec;
  for (const auto& candidate : candidates()) {
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

void set_default_gs1_dictionary_path(fs::path path) {
  const std::lock_guard lock(g_default_mutex);
  g_default_path = std::move(path);
}

Result<const Gs1Dictionary*> default_gs1_dictionary() {
  if (const Gs1Dictionary* ready = g_ready.load(std::memory_order_acquire)) return ready;
  const std::lock_guard lock(g_default_mutex);
  if (!g_default) {
    const auto path = find_gs1_dictionary(g_default_path);
    if (!path) {
      g_default = Result<Gs1Dictionary>(make_error(
          "GS1 syntax dictionary", 0,
          std::string(kGs1DictionaryFile) +
              " not found (looked in data/gs1/ and share/pharmatwin/gs1/ above the program "
              "and the current directory); set PHARMATWIN_GS1_DICTIONARY or --dictionary"));
    } else {
      g_default = Gs1Dictionary::load(*path);
    }
  }
  if (!g_default->ok()) return g_default->error();
  g_ready.store(&g_default->value(), std::memory_order_release);
  return &g_default->value();
}

}  // namespace pharmatwin::serialization
