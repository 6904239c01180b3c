// Writes stride records as they arrive, in the format the user asked for, and the summary at
// the end. Holds no strides: memory stays flat however long the trial.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/gait_engine.hpp"
#include "engine/gait_summary.hpp"
#include "engine/stride_record.hpp"
#include "engine/trial_setup.hpp"

namespace stridecue {

enum class StrideFormat { table, json, csv };
std::optional<StrideFormat> stride_format_from_string(std::string_view s);

class StrideWriter : public StrideSink {
 public:
  static std::unique_ptr<StrideWriter> create(StrideFormat format, std::FILE* out);

  void on_stride(const StrideRecord& stride) final {
    summary_.add(stride);
    write(stride);
  }
  // Writes the summary, with what the engine found out about the trial.
  virtual void finish(const GaitEngine& engine) = 0;
  const GaitSummary& summary() const { return summary_; }

 protected:
  explicit StrideWriter(std::FILE* out) : out_(out) {}
  virtual void write(const StrideRecord& stride) = 0;

  std::FILE* out_;
  GaitSummary summary_;
};

}  // namespace stridecue
