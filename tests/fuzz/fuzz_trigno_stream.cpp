// libFuzzer harness for what a Delsys Trigno server sends: the EMG data port's rows (16
// float32 per row, no framing, cut anywhere by TCP) and the command port's reply lines. The
// first byte picks the kept sensor columns, the next two the split points; the rest is fed to
// both readers. Regression inputs live in corpus/trigno_stream/.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "net/command_lines.hpp"
#include "net/trigno_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stridecue;
  if (size < 3) return 0;
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < 8; ++c) {
    if ((data[0] >> c) & 1u) columns.push_back(c * 2 + (data[0] & 1u));
  }
  if (columns.empty()) columns.push_back(0);
  const std::size_t split1 = data[1];
  const std::size_t split2 = data[2];
  const std::span<const std::uint8_t> bytes(data + 3, size - 3);

  TrignoRows rows(columns);
  std::vector<float> out;
  std::size_t written = 0;
  for (std::size_t at = 0, piece = 0; at < bytes.size(); ++piece) {
    const std::size_t n = std::min(bytes.size() - at, 1 + (piece % 2 ? split2 : split1));
    out.resize((written + (rows.tail_bytes() + n) / kTrignoRowBytes + 1) * columns.size());
    written +=
        rows.feed(bytes.subspan(at, n), std::span<float>(out).subspan(written * columns.size()));
    at += n;
  }
  if (written != (bytes.size() / kTrignoRowBytes)) __builtin_trap();  // every whole row, once

  CommandLines lines;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (std::size_t at = 0; at < text.size(); at += 1 + split1) {
    lines.append(text.substr(at, 1 + split1));
    while (auto line = lines.pop()) {
      if (line->empty() || line->size() > CommandLines::max_line_bytes) __builtin_trap();
      (void)first_number(*line);
    }
  }
  return 0;
}
