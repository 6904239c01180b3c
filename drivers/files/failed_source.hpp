// A source that failed before it could start (the file would not open): callers of the file
// factories get one error path, SourceStatus::failed with failure(), whatever went wrong.
#pragma once

#include <string>
#include <utility>

#include "source/sample_source.hpp"

namespace stridecue {

class FailedSource final : public SampleSource {
 public:
  explicit FailedSource(std::string failure) : failure_(std::move(failure)) {}
  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock&) override { return SourceStatus::failed; }
  const std::string& failure() const override { return failure_; }

 private:
  SourceLayout layout_;
  std::string failure_;
};

}  // namespace stridecue
