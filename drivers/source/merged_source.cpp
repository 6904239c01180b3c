#include "source/merged_source.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace stridecue {

namespace {

std::invalid_argument refused(const std::string& why) {
  return std::invalid_argument("merged source: " + why);
}

}  // namespace

MergedSource::MergedSource(std::vector<MergedChild> children, MergeOptions options) {
  if (children.empty()) throw refused("no sources to merge");
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (!children[i].source)
      throw refused(fmt::format("source {} ('{}') is null", i, children[i].name));
    Child c;
    c.source = std::move(children[i].source);
    c.name = children[i].name.empty() ? fmt::format("source {}", i) : children[i].name;
    children_.push_back(std::move(c));
  }
  check_children();
  live_ = children_.front().source->is_live();

  for (auto& child : children_) {
    child.first_stream = layout_.streams.size();
    for (const StreamInfo& stream : child.source->layout().streams) {
      layout_.streams.push_back(stream);
      // Live: the offsets put counter + offset on the T0 timeline, whose zero is session 0.
      if (live_) layout_.streams.back().start_time_s = 0.0;
    }
  }
  if (layout_.streams.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw refused(fmt::format("{} streams in all; a block names at most {}", layout_.streams.size(),
                              std::numeric_limits<std::uint16_t>::max()));
  }
  for (const auto& child : children_) {
    if (!child.source->failure().empty()) {
      failure_ = child.name + ": " + child.source->failure();
      terminal_ = SourceStatus::failed;
      return;
    }
  }
  if (!live_) return;
  timeline_ = std::make_unique<SessionTimeline>(options);
  for (std::size_t i = 0; i < children_.size(); ++i) {
    std::vector<double> rates;
    for (const StreamInfo& stream : children_[i].source->layout().streams)
      rates.push_back(stream.rate_hz);
    stages_.push_back(std::make_unique<TimelineStage>(
        *timeline_, children_[i].name, children_[i].first_stream, std::move(rates), i == 0));
  }
}

void MergedSource::check_children() const {
  struct Seen {
    std::size_t child;
    std::string what;
  };
  std::vector<std::pair<std::string, Seen>> stream_names;
  std::vector<std::pair<Plate, Seen>> plates;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    const Child& child = children_[i];
    if (child.source->is_live() != children_.front().source->is_live()) {
      const Child& live = child.source->is_live() ? child : children_.front();
      const Child& offline = child.source->is_live() ? children_.front() : child;
      throw refused(fmt::format(
          "'{}' is a live device but '{}' is not (a file or the simulator): a merge of paced and "
          "unpaced sources has no single pace; merge live devices only, or offline sources only",
          live.name, offline.name));
    }
    for (const StreamInfo& stream : child.source->layout().streams) {
      if (!(stream.rate_hz > 0.0) && child.source->failure().empty()) {
        throw refused(fmt::format("'{}' stream '{}' has no sampling rate ({} Hz)", child.name,
                                  stream.name, stream.rate_hz));
      }
      for (const auto& [name, seen] : stream_names) {
        if (name == stream.name) {
          throw refused(
              fmt::format("'{}' and '{}' both have a stream named '{}'; stream names "
                          "must be unique in one session",
                          children_[seen.child].name, child.name, stream.name));
        }
      }
      stream_names.push_back({stream.name, {i, stream.name}});
      for (const ChannelInfo& channel : stream.channels) {
        if (!channel.plate) continue;
        for (const auto& [plate, seen] : plates) {
          if (plate == *channel.plate && seen.child != i) {
            throw refused(fmt::format(
                "'{}' ({}) and '{}' ({}) both measure plate '{}'; one plate comes from one source",
                children_[seen.child].name, seen.what, child.name, channel.name, to_string(plate)));
          }
        }
        plates.push_back({*channel.plate, {i, channel.name}});
      }
    }
  }
}

SourceStatus MergedSource::next(SampleBlock& block) {
  if (terminal_) return *terminal_;
  if (live_) {
    failure_ =
        "a merge of live devices is read through the daemon's lanes (SourceFeeder), not next()";
    return *(terminal_ = SourceStatus::failed);
  }
  return next_offline(block);
}

// Offline children share the session timeline already: hand out the child furthest behind,
// so the engine sees force and EMG of the same span together, as from one source.
SourceStatus MergedSource::next_offline(SampleBlock& block) {
  for (;;) {
    Child* behind = nullptr;
    for (auto& child : children_) {
      if (!child.ended && (!behind || child.offline_time_s < behind->offline_time_s)) {
        behind = &child;
      }
    }
    if (!behind) return *(terminal_ = SourceStatus::end);
    const SourceStatus status = behind->source->next(block);
    if (status == SourceStatus::end) {
      behind->ended = true;
      continue;
    }
    if (status == SourceStatus::failed) {
      failure_ = behind->name + ": " + behind->source->failure();
      return *(terminal_ = SourceStatus::failed);
    }
    if (status == SourceStatus::block) {
      const StreamInfo& stream = behind->source->layout().streams.at(block.stream);
      behind->offline_time_s =
          stream.start_time_s +
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
              stream.rate_hz;
      block.stream = static_cast<std::uint16_t>(behind->first_stream + block.stream);
    }
    return status;
  }
}

const TimelineStage* MergedSource::stage_of(std::size_t stream, std::size_t& local) const {
  for (std::size_t i = stages_.size(); i-- > 0;) {
    if (stream >= children_[i].first_stream) {
      local = stream - children_[i].first_stream;
      return stages_[i].get();
    }
  }
  return nullptr;
}

std::optional<std::int64_t> MergedSource::counter_offset(std::size_t stream) const {
  std::size_t local = 0;
  const TimelineStage* stage = stage_of(stream, local);
  return stage ? stage->counter_offset(local) : std::nullopt;
}

std::optional<double> MergedSource::drift_ppm(std::size_t stream, double min_span_s) const {
  std::size_t local = 0;
  const TimelineStage* stage = stage_of(stream, local);
  return stage ? stage->drift_ppm(local, min_span_s) : std::nullopt;
}

std::int64_t MergedSource::drift_correction(std::size_t stream) const {
  std::size_t local = 0;
  const TimelineStage* stage = stage_of(stream, local);
  return stage ? stage->drift_correction(local) : 0;
}

std::vector<HealthCounter> MergedSource::health() const {
  std::vector<HealthCounter> all;
  for (const Child& child : children_) {
    for (HealthCounter& c : health_of(*child.source)) {
      c.name = child.name + "." + c.name;
      all.push_back(std::move(c));
    }
  }
  return all;
}

}  // namespace stridecue
