// Test helper: drains a source and keeps every stream's frames, checking the block contract
// on the way (counters continue, samples match frames × channels); and what a reader of a text
// fails with.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "source/sample_source.hpp"

namespace stridecue::test {

struct DrainedBlock {
  std::uint16_t stream = 0;
  std::int64_t first_sample = 0;
  std::size_t frames = 0;
};

struct Drained {
  SourceStatus status = SourceStatus::end;
  std::vector<std::vector<float>> samples;  // per stream, frame-major
  std::vector<DrainedBlock> blocks;

  std::size_t frames(std::size_t stream, std::size_t channels) const {
    return samples[stream].size() / channels;
  }
};

inline Drained drain(SampleSource& source) {
  Drained drained;
  const SourceLayout& layout = source.layout();
  drained.samples.resize(layout.streams.size());
  std::vector<std::int64_t> next_counter(layout.streams.size(), 0);
  SampleBlock block;
  for (;;) {
    drained.status = source.next(block);
    if (drained.status != SourceStatus::block) break;
    REQUIRE(block.stream < layout.streams.size());
    CHECK(block.channels == layout.streams[block.stream].channels.size());
    CHECK(block.samples.size() == block.frames * block.channels);
    CHECK(block.first_sample == next_counter[block.stream]);
    CHECK(block.receipt_ns == 0);
    next_counter[block.stream] = block.first_sample + static_cast<std::int64_t>(block.frames);
    drained.samples[block.stream].insert(drained.samples[block.stream].end(), block.samples.begin(),
                                         block.samples.end());
    drained.blocks.push_back({block.stream, block.first_sample, block.frames});
  }
  // Ended and failed sources stay so.
  CHECK(source.next(block) == drained.status);
  return drained;
}

// What a Reader(std::istream&, display_name, args...) of `text` fails with, read to the end.
template <class Reader, class... Args>
std::string failure_reading(const std::string& text, const std::string& display_name,
                            const Args&... args) {
  std::istringstream file(text);
  Reader reader(file, display_name, args...);
  CHECK(drain(reader).status == SourceStatus::failed);
  return reader.failure();
}

}  // namespace stridecue::test
