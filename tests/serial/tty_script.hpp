// Writes umockdev tty scripts (/usr/share/doc/umockdev/script-format.txt): `w` lines the host
// must write, `r` lines the device answers with. Bytes below 32 are written ^@ … ^_, '^'
// itself as ^`; everything else verbatim, binary frames included.
#pragma once

#include <cstdint>
#include <fstream>
#include <span>
#include <string>
#include <string_view>

namespace stridecue::test {

class TtyScript {
 public:
  void host_writes(std::string_view bytes) { line('w', bytes); }
  void device_sends(std::string_view bytes) { line('r', bytes); }
  void device_sends(std::span<const std::uint8_t> bytes) {
    line('r', {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  }
  void write(const std::string& path) const { std::ofstream(path, std::ios::binary) << text_; }

 private:
  void line(char op, std::string_view bytes) {
    text_ += op;
    text_ += " 0 ";
    for (const char ch : bytes) {
      const auto b = static_cast<unsigned char>(ch);
      if (b == '^') {
        text_ += "^`";
      } else if (b < 32) {
        text_ += '^';
        text_ += static_cast<char>(b + 64);
      } else {
        text_ += ch;
      }
    }
    text_ += '\n';
  }
  std::string text_;
};

}  // namespace stridecue::test
