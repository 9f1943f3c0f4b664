#include "core/io/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <locale>
#include <sstream>
#include <system_error>
#include <vector>

#include "core/io/printable.hpp"

namespace gs {
namespace {

// The keys of an object being parsed, for the duplicate check: open addressing over the members'
// indices, so a key costs one hash and a short probe, with no allocation of its own. Comparing each key
// with every earlier one made the check quadratic (150 000 keys took 27 s). Small objects, the common
// case, are scanned: no table is built below kLinearScanMembers.
class KeyIndex {
 public:
  // Whether members.back()'s key is already among the members before it; records it when not.
  bool addLast(const Json::Object& members) {
    const std::size_t last = members.size() - 1;
    if (members.size() <= kLinearScanMembers) {
      for (std::size_t i = 0; i < last; ++i)
        if (members[i].first == members[last].first) return true;
      return false;
    }
    if (2 * members.size() > slots_.size()) rebuild(members, last);
    return !insert(members, last);
  }

 private:
  static constexpr std::size_t kLinearScanMembers = 8;

  static std::size_t hashOf(const std::string& key) { return std::hash<std::string_view>{}(key); }

  // False when an equal key is already present. A slot keeps its key's hash, so a probe compares keys
  // (a read elsewhere in memory) only when the hashes are equal.
  bool insert(const Json::Object& members, std::size_t index) {
    const std::size_t mask = slots_.size() - 1;
    const std::size_t hash = hashOf(members[index].first);
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      Slot& entry = slots_[slot];
      if (entry.indexPlusOne == 0) {
        entry = {hash, index + 1};
        return true;
      }
      if (entry.hash == hash && members[entry.indexPlusOne - 1].first == members[index].first) return false;
    }
  }

  // A table at most half full for the members before `last`, which are distinct.
  void rebuild(const Json::Object& members, std::size_t last) {
    std::size_t size = 16;
    while (size < 4 * members.size()) size *= 2;
    slots_.assign(size, Slot{});
    for (std::size_t i = 0; i < last; ++i) insert(members, i);
  }

  struct Slot {
    std::size_t hash = 0;
    std::size_t indexPlusOne = 0;  // 0: empty
  };
  std::vector<Slot> slots_;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<Json, std::string> parseDocument() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark some editors write
    skipWhitespace();
    Json value;
    if (!parseValue(value, 0)) return error_;
    skipWhitespace();
    if (pos_ < text_.size()) {
      fail("unexpected text after the JSON value");
      return error_;
    }
    return value;
  }

 private:
  bool fail(const std::string& reason) { return failAt(pos_, reason); }
  bool failAt(std::size_t at, const std::string& reason) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++column;  // count characters, not UTF-8 continuation bytes
      }
    }
    // The reason may quote the file (a key, a character): escaped, so a terminal shows it, not obeys it.
    error_ = std::to_string(line) + ":" + std::to_string(column) + ": " + printable(reason);
    return false;
  }

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }

  void skipWhitespace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  bool parseValue(Json& out, int depth) {
    if (atEnd()) return fail("unexpected end of input, expected a value");
    switch (peek()) {
      case '{':
        return parseObject(out, depth + 1);
      case '[':
        return parseArray(out, depth + 1);
      case '"': {
        std::string s;
        if (!parseString(s)) return false;
        out = Json(std::move(s));
        return true;
      }
      case 't':
        return parseLiteral("true", Json(true), out);
      case 'f':
        return parseLiteral("false", Json(false), out);
      case 'n':
        return parseLiteral("null", Json(nullptr), out);
      default:
        return parseNumber(out);
    }
  }

  bool parseLiteral(std::string_view word, Json value, Json& out) {
    if (text_.substr(pos_, word.size()) != word)
      return fail("invalid literal, expected '" + std::string(word) + "'");
    pos_ += word.size();
    out = std::move(value);
    return true;
  }

  bool checkDepth(int depth) {
    if (depth > kMaxJsonDepth)
      return fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return true;
  }

  bool parseArray(Json& out, int depth) {
    if (!checkDepth(depth)) return false;
    ++pos_;  // '['
    Json::Array items;
    skipWhitespace();
    if (peek() == ']') {
      ++pos_;
      out = Json(std::move(items));
      return true;
    }
    while (true) {
      skipWhitespace();
      Json item;
      if (!parseValue(item, depth)) return false;
      items.push_back(std::move(item));
      skipWhitespace();
      if (peek() == ',') {
        ++pos_;
        skipWhitespace();
        if (peek() == ']') return fail("trailing comma before ']'");
        continue;
      }
      if (peek() == ']') break;
      return fail(atEnd() ? "unexpected end of input, expected ',' or ']'" : "expected ',' or ']'");
    }
    ++pos_;
    out = Json(std::move(items));
    return true;
  }

  bool parseObject(Json& out, int depth) {
    if (!checkDepth(depth)) return false;
    ++pos_;  // '{'
    Json::Object members;
    KeyIndex keys;
    skipWhitespace();
    if (peek() == '}') {
      ++pos_;
      out = Json(std::move(members));
      return true;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"')
        return fail(atEnd() ? "unexpected end of input, expected a key" : "expected a quoted key");
      const std::size_t keyStart = pos_;
      std::string key;
      if (!parseString(key)) return false;
      members.emplace_back().first = std::move(key);
      const std::string& name = members.back().first;
      if (keys.addLast(members)) return failAt(keyStart, "duplicate key \"" + name + "\"");
      skipWhitespace();
      if (peek() != ':') return fail("expected ':' after the key \"" + name + "\"");
      ++pos_;
      skipWhitespace();
      // Parsed in place: nested values build their own containers, so `members` does not move meanwhile.
      if (!parseValue(members.back().second, depth)) return false;
      skipWhitespace();
      if (peek() == ',') {
        ++pos_;
        skipWhitespace();
        if (peek() == '}') return fail("trailing comma before '}'");
        continue;
      }
      if (peek() == '}') break;
      return fail(atEnd() ? "unexpected end of input, expected ',' or '}'" : "expected ',' or '}'");
    }
    ++pos_;
    out = Json(std::move(members));
    return true;
  }

  bool parseHex4(std::uint32_t& code) {
    if (pos_ + 4 > text_.size()) return fail("incomplete \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return failAt(pos_ - 1, "invalid hex digit in \\u escape");
    }
    return true;
  }

  static void appendUtf8(std::string& s, std::uint32_t code) {
    auto byte = [&](std::uint32_t b) { s.push_back(static_cast<char>(b)); };
    if (code < 0x80) {
      byte(code);
    } else if (code < 0x800) {
      byte(0xC0 | (code >> 6));
      byte(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      byte(0xE0 | (code >> 12));
      byte(0x80 | ((code >> 6) & 0x3F));
      byte(0x80 | (code & 0x3F));
    } else {
      byte(0xF0 | (code >> 18));
      byte(0x80 | ((code >> 12) & 0x3F));
      byte(0x80 | ((code >> 6) & 0x3F));
      byte(0x80 | (code & 0x3F));
    }
  }

  bool parseUnicodeEscape(std::string& s) {
    const std::size_t start = pos_ - 2;
    std::uint32_t code = 0;
    if (!parseHex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return failAt(start, "unpaired low surrogate in \\u escape");
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") return failAt(start, "unpaired high surrogate in \\u escape");
      pos_ += 2;
      if (!parseHex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return failAt(start, "unpaired high surrogate in \\u escape");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(s, code);
    return true;
  }

  bool parseEscape(std::string& s) {
    if (atEnd()) return fail("unterminated string");
    const char c = text_[pos_++];
    switch (c) {
      case '"':
        s.push_back('"');
        return true;
      case '\\':
        s.push_back('\\');
        return true;
      case '/':
        s.push_back('/');
        return true;
      case 'b':
        s.push_back('\b');
        return true;
      case 'f':
        s.push_back('\f');
        return true;
      case 'n':
        s.push_back('\n');
        return true;
      case 'r':
        s.push_back('\r');
        return true;
      case 't':
        s.push_back('\t');
        return true;
      case 'u':
        return parseUnicodeEscape(s);
      default:
        return failAt(pos_ - 1, std::string("invalid escape '\\") + c + "'");
    }
  }

  bool parseString(std::string& s) {
    const std::size_t start = pos_;
    ++pos_;  // opening quote
    while (true) {
      if (atEnd()) return failAt(start, "unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (!parseEscape(s)) return false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return failAt(pos_ - 1, "control character in string (write it as an escape such as \\n)");
      } else {
        s.push_back(c);
      }
    }
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  // RFC 8259 number grammar, checked before conversion so "01", "1.", ".5" and "+1" are refused.
  bool scanNumber(std::size_t& end) const {
    std::size_t i = pos_;
    if (i < text_.size() && text_[i] == '-') ++i;
    if (i >= text_.size() || !isDigit(text_[i])) return false;
    if (text_[i] == '0') {
      ++i;
    } else {
      while (i < text_.size() && isDigit(text_[i])) ++i;
    }
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      if (i >= text_.size() || !isDigit(text_[i])) return false;
      while (i < text_.size() && isDigit(text_[i])) ++i;
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      ++i;
      if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
      if (i >= text_.size() || !isDigit(text_[i])) return false;
      while (i < text_.size() && isDigit(text_[i])) ++i;
    }
    end = i;
    return true;
  }

  bool parseNumber(Json& out) {
    std::size_t end = 0;
    if (!scanNumber(end)) {
      const char c = peek();
      if (c == 'N' || c == 'I' || text_.substr(pos_, 2) == "-I")
        return fail("NaN and Infinity are not JSON numbers");
      if (c == '-' || isDigit(c)) return fail("malformed number");
      return fail(std::string("unexpected character '") + c + "'");
    }
    const std::string_view literal = text_.substr(pos_, end - pos_);
    double value = 0.0;
    const auto result = std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (result.ec == std::errc::result_out_of_range) value = convertOutOfRange(literal);
    if (!std::isfinite(value)) return fail("number out of range");
    pos_ = end;
    out = Json(value);
    return true;
  }

  // from_chars reports subnormal results and overflow alike and leaves the value unset; the classic-locale
  // stream conversion tells them apart (overflow gives +-max), so tiny numbers are kept, huge ones refused.
  static double convertOutOfRange(std::string_view literal) {
    std::istringstream in{std::string(literal)};
    in.imbue(std::locale::classic());
    double value = 0.0;
    in >> value;
    if (std::fabs(value) == std::numeric_limits<double>::max())
      return std::numeric_limits<double>::infinity();
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

void writeString(std::string& out, const std::string& s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[(c >> 4) & 0xF]);
          out.push_back(hex[c & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

bool isFlat(const Json::Array& items) {
  for (const Json& item : items)
    if (item.isArray() || item.isObject()) return false;
  return true;
}

void writeValue(std::string& out, const Json& value, int indent) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  const std::string closePad(static_cast<std::size_t>(indent), ' ');
  switch (value.type()) {
    case Json::Type::Null:
      out += "null";
      break;
    case Json::Type::Bool:
      out += value.asBool() ? "true" : "false";
      break;
    case Json::Type::Number:
      out += jsonNumber(value.asNumber());
      break;
    case Json::Type::String:
      writeString(out, value.asString());
      break;
    case Json::Type::Array: {
      const auto& items = value.asArray();
      const bool flat = isFlat(items);
      out.push_back('[');
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += flat ? ", " : ",";
        if (!flat) out += "\n" + pad;
        writeValue(out, items[i], indent + 2);
      }
      if (!flat && !items.empty()) out += "\n" + closePad;
      out.push_back(']');
      break;
    }
    case Json::Type::Object: {
      const auto& members = value.asObject();
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        out += i > 0 ? ",\n" : "\n";
        out += pad;
        writeString(out, members[i].first);
        out += ": ";
        writeValue(out, members[i].second, indent + 2);
      }
      if (!members.empty()) out += "\n" + closePad;
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

const Json* Json::find(std::string_view key) const {
  if (!isObject()) return nullptr;
  for (const auto& member : asObject())
    if (member.first == key) return &member.second;
  return nullptr;
}

Json& Json::set(std::string key, Json value) {
  if (isNull()) value_ = Object{};
  auto& members = asObject();
  for (auto& member : members) {
    if (member.first == key) {
      member.second = std::move(value);
      return member.second;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

std::string Json::dump() const {
  std::string out;
  writeValue(out, *this, 0);
  out.push_back('\n');
  return out;
}

std::variant<Json, std::string> Json::parse(std::string_view text) { return Parser(text).parseDocument(); }

const char* typeName(Json::Type type) {
  switch (type) {
    case Json::Type::Null:
      return "null";
    case Json::Type::Bool:
      return "a boolean";
    case Json::Type::Number:
      return "a number";
    case Json::Type::String:
      return "a string";
    case Json::Type::Array:
      return "an array";
    case Json::Type::Object:
      return "an object";
  }
  return "a value";
}

}  // namespace gs

namespace gs {

std::string jsonNumber(double value) {
  // Whole numbers as people write them (1000000, not the shorter 1e+06); the rest in shortest form.
  if (value == 0.0 && std::signbit(value)) return "-0";
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace gs
