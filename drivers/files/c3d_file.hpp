// C3D files, parsed whole from bytes in memory, written from the public format description
// (c3d.org, "The C3D File Format User Guide"). A C3D file is a run of 512-byte blocks:
//
//   block 1          header: word 1 = parameter block number (byte 0) and the key 0x50 (byte 1);
//                    words 2–12: point count, analog measurements per frame, first and last
//                    frame (1-based), max gap, point scale (float), data block number, analog
//                    samples per frame, point rate (float). Its numbers use the processor's
//                    byte order, which only the parameter section says.
//   parameter block  4 bytes (reserved, reserved, block count, processor 84 Intel / 85 DEC /
//                    86 MIPS), then entries: int8 name length (negative: locked), int8 group id
//                    (negative: a group, positive: a parameter of that group), the name, an
//                    int16 offset to the next entry counted from itself (0: the last), then for
//                    a group a description length and text, for a parameter its type (-1 char,
//                    1 byte, 2 int16, 4 float), dimension count and dimensions (first fastest),
//                    the values and a description.
//   data blocks      per frame: points × (x, y, z, residual word), then analog samples per
//                    frame × channels; int16 when POINT:SCALE ≥ 0, float32 when it is negative.
//
// DEC files store little-endian integers and VAX F-floats; MIPS files are big-endian IEEE.
// Every offset, count and size is checked against the file before it is used: a bad file gives
// an error naming the byte offset (0-based) or the parameter, never a crash, and no allocation
// exceeds a small multiple of the file's own size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include "source/parse_result.hpp"

namespace stridecue {

enum class C3dProcessor : std::uint8_t { intel = 84, dec = 85, mips = 86 };
std::string_view to_string(C3dProcessor processor);

enum class C3dType : std::int8_t { character = -1, byte = 1, integer = 2, floating = 4 };

// Block 1 as stored (unsigned words read as unsigned).
struct C3dHeader {
  int parameter_block = 0;  // 1-based
  int point_count = 0;
  int analog_per_frame = 0;  // analog measurements per point frame, all channels together
  int first_frame = 0;       // 1-based
  int last_frame = 0;
  int max_gap = 0;
  float scale = 0.0F;  // negative: float storage
  int data_block = 0;  // 1-based
  int analog_samples_per_frame = 0;
  float frame_rate_hz = 0.0F;
};

struct C3dParameter {
  std::string group;  // as stored (C3D names are upper case by convention)
  std::string name;
  std::string description;
  C3dType type = C3dType::integer;
  bool locked = false;
  std::vector<std::size_t> dims;  // first dimension fastest; empty for a scalar
  std::size_t offset = 0;         // byte offset of the entry in the file
  // byte, int16 and float values in storage order (int16 as signed; bytes as unsigned)
  std::vector<double> numbers;
  // character values: the first dimension is the string length, one string per remaining
  // element, trailing blanks and NULs removed; a scalar or 1-D char parameter is one string
  std::vector<std::string> strings;
};

struct C3dEvent {
  std::string label;    // "Foot Strike", "Foot Off", "General", ...
  std::string context;  // "Left", "Right", "General", ...
  double time_s = 0.0;  // on the file's time axis: point frame n is at (n − 1) / point rate
};

struct C3dFile {
  C3dProcessor processor = C3dProcessor::intel;
  C3dHeader header;
  std::vector<C3dParameter> parameters;

  bool float_storage = false;
  double point_scale = 1.0;  // POINT:SCALE (header scale when absent)
  double point_rate_hz = 0.0;
  int first_frame = 1;  // 1-based
  std::size_t frames = 0;
  std::string point_units = "mm";  // POINT:UNITS

  // Points: frames × points × (x, y, z, residual); residual −1 marks an invalid point.
  std::size_t points = 0;
  std::vector<float> point_values;

  // Analog: (frames × samples per frame) × channels, frame-major, already scaled:
  // (raw − ANALOG:OFFSET) × ANALOG:SCALE × ANALOG:GEN_SCALE.
  std::size_t analog_channels = 0;
  std::size_t analog_samples_per_frame = 0;
  double analog_rate_hz = 0.0;
  std::vector<std::string> analog_labels;  // ANALOG:LABELS, trimmed
  std::vector<std::string> analog_units;   // ANALOG:UNITS, trimmed ("" when absent)
  std::vector<float> analog_values;

  std::vector<C3dEvent> events;  // the EVENT group (the header's event table is not read)

  std::size_t analog_samples() const { return frames * analog_samples_per_frame; }
  // Session time of point frame first_frame (and of the first analog sample).
  double start_time_s() const {
    return point_rate_hz > 0.0 ? (first_frame - 1) / point_rate_hz : 0.0;
  }
  // The parameter GROUP:NAME (case-insensitive), the first if the file repeats it.
  const C3dParameter* find(std::string_view group, std::string_view name) const;
};

// Parses a whole C3D file. On failure returns nothing and sets *error to
// "<display_name>: byte <offset>: <what was wrong>" (or "<display_name>: <what>" when no
// single offset is to blame).
ParseResult<C3dFile> parse_c3d(std::span<const std::uint8_t> bytes, std::string_view display_name);

// VAX F-float (DEC processor files) to IEEE: bytes as stored in the file.
float vax_to_float(const std::uint8_t bytes[4]);
// IEEE to VAX F-float bytes (for writers and tests); values beyond VAX range saturate.
void float_to_vax(float value, std::uint8_t bytes[4]);

}  // namespace stridecue
