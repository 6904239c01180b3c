#include "engine/gait_engine.hpp"

#include <stdexcept>
#include <string>

namespace stridecue {
namespace {

void check(const EngineSettings& settings) {
  if (const char* problem = settings.contact.problem()) throw std::invalid_argument(problem);
  if (settings.runner.body_mass_kg && !(*settings.runner.body_mass_kg > 0.0)) {
    throw std::invalid_argument("body_mass_kg must be above 0");
  }
}

std::size_t side_slot(Side side) {
  return side == Side::left ? 0 : 1;
}

}  // namespace

GaitEngine::GaitEngine(const SourceLayout& layout, const EngineSettings& settings)
    : settings_(settings), side_assigner_(settings.side_cop_margin_m) {
  check(settings_);
  bool has_belt = false, has_sides = false, has_floor = false;
  for (std::size_t s = 0; s < layout.streams.size(); ++s) {
    const StreamInfo& stream = layout.streams[s];
    for (const Plate plate : kAllPlates) {
      const auto fz = stream.find(Quantity::force_z, plate);
      if (!fz) continue;
      if (!(stream.rate_hz > 0.0)) {
        throw std::invalid_argument("stream '" + stream.name + "' has no sampling rate");
      }
      (plate == Plate::belt ? has_belt : is_floor(plate) ? has_floor : has_sides) = true;
      plates_.push_back(PlateTrack{plate, static_cast<std::uint16_t>(s), stream.rate_hz,
                                   stream.start_time_s, *fz, stream.find(Quantity::cop_x, plate),
                                   stream.find(Quantity::cop_y, plate),
                                   ContactDetector(settings_.contact, stream.rate_hz)});
    }
  }
  if (plates_.empty()) throw std::invalid_argument("no force plate: no vertical force channel");
  if (int(has_belt) + int(has_sides) + int(has_floor) > 1) {
    throw std::invalid_argument(
        "plates of different kinds in one trial (belt, left/right, floor): one layout at a time");
  }
  layout_ = has_belt    ? TreadmillLayout::single_belt
            : has_floor ? TreadmillLayout::overground
                        : TreadmillLayout::split_belt;
  if (settings_.treadmill.layout && *settings_.treadmill.layout != layout_) {
    throw std::invalid_argument(
        "the treadmill is '" + std::string(to_string(*settings_.treadmill.layout)) +
        "' but the data's plates are '" + std::string(to_string(layout_)) + "'");
  }
}

void GaitEngine::apply(const EngineSettings& settings) {
  check(settings);
  settings_ = settings;
  for (auto& track : plates_)
    track.detector.apply(settings_.contact);
}

void GaitEngine::process(const SampleBlock& block, StrideSink& sink) {
  for (auto& track : plates_) {
    if (track.stream != block.stream) continue;
    const double period_s = 1.0 / track.rate_hz;
    Contact contact;
    for (std::size_t i = 0; i < block.frames; ++i) {
      PlateSample sample;
      sample.time_s =
          track.start_time_s +
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(i)) * period_s;
      sample.fz_n = block.at(i, track.fz);
      if (track.cop_x && track.cop_y) {
        sample.cop_x_m = block.at(i, *track.cop_x);
        sample.cop_y_m = block.at(i, *track.cop_y);
        sample.has_cop = true;
      }
      if (track.detector.push(sample, contact)) on_contact(track, contact, sink);
    }
  }
}

void GaitEngine::on_contact(const PlateTrack& track, const Contact& contact, StrideSink& sink) {
  StrideRecord r;
  r.index = next_index_++;
  r.plate = track.plate;
  if (track.plate == Plate::belt || is_floor(track.plate)) {
    // Floor plates lie along a walkway in lab coordinates: their COP says nothing of the foot.
    const SideDecision d = side_assigner_.assign(
        track.plate == Plate::belt ? contact.mean_cop_y_m : std::optional<double>());
    r.side = d.side;
    r.side_evidence = d.evidence;
  } else {
    r.side = track.plate == Plate::left ? Side::left : Side::right;
    r.side_evidence = SideEvidence::plate;
  }
  r.contact_s = contact.contact_s;
  r.toe_off_s = contact.toe_off_s;
  r.contact_time_ms = (contact.toe_off_s - contact.contact_s) * 1e3;

  const Side other = r.side == Side::left ? Side::right : Side::left;
  const auto& same_last = last_contact_s_[side_slot(r.side)];
  const auto& other_last = last_contact_s_[side_slot(other)];
  if (same_last) r.stride_time_ms = (r.contact_s - *same_last) * 1e3;
  if (other_last && *other_last < r.contact_s) r.step_time_ms = (r.contact_s - *other_last) * 1e3;
  last_contact_s_[side_slot(r.side)] = r.contact_s;

  r.peak_fz_n = contact.peak_fz_n;
  r.peak_fz_ms = (contact.peak_fz_s - contact.contact_s) * 1e3;
  if (settings_.runner.body_mass_kg) {
    r.peak_fz_bw = contact.peak_fz_n / (*settings_.runner.body_mass_kg * kStandardGravity_m_s2);
  }
  r.cop_contact_x_m = contact.cop_contact_x_m;
  r.cop_contact_y_m = contact.cop_contact_y_m;
  sink.on_stride(r);
}

}  // namespace stridecue
