// Runs a whole source through a fresh engine and keeps every stride: the common step of the
// pipeline and real-data tests.
#pragma once

#include <catch2/catch.hpp>
#include <vector>

#include "engine/gait_engine.hpp"
#include "source/sample_source.hpp"

namespace stridecue::test {

struct CollectStrides : StrideSink {
  std::vector<StrideRecord> strides;
  void on_stride(const StrideRecord& s) override { strides.push_back(s); }
};

// Every stride the engine finds in `source`; the source must end cleanly.
inline std::vector<StrideRecord> run_engine(SampleSource& source,
                                            const EngineSettings& settings = {}) {
  REQUIRE(source.failure().empty());
  GaitEngine engine(source.layout(), settings);
  CollectStrides out;
  SampleBlock block;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block)
    engine.process(block, out);
  engine.finish(out);
  REQUIRE(source.failure().empty());
  REQUIRE(status == SourceStatus::end);
  return out.strides;
}

}  // namespace stridecue::test
