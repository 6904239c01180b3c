#include "engine/gait_engine.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/order_statistics.hpp"

namespace stridecue {
namespace {

// Without the runner's foot length: a heel striker's long COP travels (the 90th percentile of the
// recent stances) run from a strike at this index to the toe. A shorter travel says nothing of
// the foot (a forefoot striker never loads the heel), so the estimate never goes below the
// assumed length, and it stays within adult shoe lengths.
constexpr double kLongTravelStrikeIndex = 0.1;
constexpr double kLongTravelPercentile = 0.9;
// On a belt a heel striker's COP path runs longer than the shoe (the heel rolls at touchdown,
// the belt slows under load; Rajagopal's runner: ~0.40 m), so this is an effective length.
constexpr double kMaxEstimatedFootM = 0.45;
constexpr double kAssumedFootM = 0.26;  // an adult's average: used before anything is known
// Split belts: a second contact on one belt sooner than this share of the usual stride, with no
// contact on the other belt between, is the other foot on the wrong belt. A step is half a
// stride; a stride shortened by a third is no running pattern.
constexpr double kCrossoverStrideFraction = 0.7;
constexpr double kCrossoverConfidence = 0.8;
// The usual stride: an exponential mean over about five strides of 0.3-2.5 s (a longer pause is a
// stop, a shorter one no stride).
constexpr double kMinStrideMs = 300.0, kMaxStrideMs = 2500.0, kStrideWeight = 0.2;

void check(const EngineSettings& settings) {
  if (const char* problem = settings.contact.problem()) throw std::invalid_argument(problem);
  if (const char* problem = settings.strike.problem()) throw std::invalid_argument(problem);
  if (const char* problem = settings.glute.problem()) throw std::invalid_argument(problem);
  if (settings.runner.body_mass_kg && !(*settings.runner.body_mass_kg > 0.0)) {
    throw std::invalid_argument("body_mass_kg must be above 0");
  }
}

std::size_t side_slot(Side side) {
  return side == Side::left ? 0 : 1;
}

// The longest stance trace any plate's detector can hold: the strike analysis is sized for it.
std::size_t longest_trace(const SourceLayout& layout, const ContactSettings& contact) {
  double rate_hz = 0.0;
  for (const auto& stream : layout.streams)
    rate_hz = std::max(rate_hz, stream.rate_hz);
  return ContactDetector::trace_capacity(contact, rate_hz);
}

}  // namespace

std::string_view to_string(BeltSpeedSource s) {
  switch (s) {
    case BeltSpeedSource::given: return "given";
    case BeltSpeedSource::estimated: return "estimated";
    case BeltSpeedSource::none: return "none";
  }
  return "none";
}

std::string_view to_string(FootLengthSource s) {
  switch (s) {
    case FootLengthSource::runner: return "runner";
    case FootLengthSource::estimated: return "estimated";
    case FootLengthSource::assumed: return "assumed";
  }
  return "assumed";
}

GaitEngine::GaitEngine(const SourceLayout& layout, const EngineSettings& settings)
    : settings_(settings),
      side_assigner_(settings.side_cop_margin_m),
      strike_analyzer_(settings.strike, longest_trace(layout, settings.contact)),
      glute_(layout, settings.glute) {
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
  for (const auto& track : plates_)
    has_cop_ = has_cop_ || (track.cop_x && track.cop_y);
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
  // Rules only this trial knows (the EMG filters at its EMG rate): refused before anything
  // changes, so that a bad patch leaves every part on the old settings.
  if (const char* problem = trial_problem(settings)) throw std::invalid_argument(problem);
  settings_ = settings;
  for (auto& track : plates_)
    track.detector.apply(settings_.contact);
  strike_analyzer_.apply(settings_.strike);
  glute_.apply(settings_.glute);
}

void GaitEngine::process(const SampleBlock& block, StrideSink& sink) {
  glute_.process(block);
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
      if (track.detector.push(sample, contact)) {
        on_contact(track, contact, block, sample.time_s, sink);
      }
    }
    decide_live(track, block, sink);
  }
  release(sink, false);
}

void GaitEngine::finish(StrideSink& sink) {
  release(sink, true);
}

void GaitEngine::release(StrideSink& sink, bool all) {
  while (waiting_count_ > 0) {
    StrideRecord& r = waiting_[waiting_first_];
    const bool overflowing = waiting_count_ == kMaxWaiting;
    const bool side_may_change = side_pending_ && *side_pending_ == r.index;
    if (!all && !overflowing && (side_may_change || !glute_.ready(r.contact_s))) return;
    if (glute_.measures(r.side)) r.emg = glute_.measure(r.side, r.contact_s);
    sink.on_stride(r);
    waiting_first_ = (waiting_first_ + 1) % kMaxWaiting;
    --waiting_count_;
  }
}

void GaitEngine::decide_live(PlateTrack& track, const SampleBlock& block, StrideSink& sink) {
  const auto stance = track.detector.stance_so_far();
  if (!stance) return;
  if (stance->contact_s != track.live_contact_s) {
    track.live_contact_s = stance->contact_s;
    track.live_done = false;
    track.live_announced = false;
  }
  if (track.live_done || stance->trace.empty()) return;
  const double since_s = stance->trace.back().time_s - stance->contact_s;
  const bool floor = is_floor(track.plate);
  StrikeContext ctx = strike_context(track, stance->contact_s, stance->trace.back().time_s);
  if (floor || !ctx.use_cop) {
    track.live_done = true;  // decided at toe-off, from the whole stance
    return;
  }
  Side side = track.plate == Plate::left ? Side::left : Side::right;
  if (track.plate == Plate::belt) {
    // Early in the stance, everything so far is its landing.
    side = side_assigner_
               .peek(landing_cop_y(stance->trace, stance->contact_s,
                                   stance->contact_s + since_s / kLandingShare,
                                   settings_.contact.contact_threshold_n))
               .side;
  }
  const auto early =
      decide_early(stance->trace, ctx, settings_.strike, heel_prior_[side_slot(side)]);
  if (early) {
    StrikeEvent e;
    e.side = side;
    e.plate = track.plate;
    e.contact_s = stance->contact_s;
    e.pattern = early->pattern;
    e.confidence = early->confidence;
    e.early = true;
    e.forced = early->forced;
    e.decided_s = stance->contact_s + early->after_contact_s;
    e.receipt_ns = block.receipt_ns;
    sink.on_strike(e);
    track.live_done = track.live_announced = true;
  } else if (since_s >= settings_.strike.decision_deadline_s) {
    track.live_done = true;  // nothing to go on by the deadline: toe-off decides, too late to cue
  }
}

void GaitEngine::on_contact(const PlateTrack& track, const Contact& contact,
                            const SampleBlock& block, double now_s, StrideSink& sink) {
  StrideRecord r;
  r.index = next_index_++;
  r.plate = track.plate;
  r.contact_s = contact.contact_s;
  r.toe_off_s = contact.toe_off_s;
  r.contact_time_ms = (contact.toe_off_s - contact.contact_s) * 1e3;
  assign_side(track, contact, r);

  const Side other = opposite(r.side);
  const auto& same_last = last_contact_s_[side_slot(r.side)];
  const auto& other_last = last_contact_s_[side_slot(other)];
  if (same_last) r.stride_time_ms = (r.contact_s - *same_last) * 1e3;
  if (other_last && *other_last < r.contact_s) r.step_time_ms = (r.contact_s - *other_last) * 1e3;
  before_last_contact_s_ = same_last;
  last_contact_s_[side_slot(r.side)] = r.contact_s;
  if (r.side_evidence == SideEvidence::plate && r.stride_time_ms &&
      *r.stride_time_ms > kMinStrideMs && *r.stride_time_ms < kMaxStrideMs) {
    const double stride_s = *r.stride_time_ms / 1e3;
    typical_stride_s_ = typical_stride_s_
                            ? *typical_stride_s_ + kStrideWeight * (stride_s - *typical_stride_s_)
                            : stride_s;
  }

  r.peak_fz_n = contact.peak_fz_n;
  r.peak_fz_ms = (contact.peak_fz_s - contact.contact_s) * 1e3;
  if (settings_.runner.body_mass_kg) {
    r.peak_fz_bw = contact.peak_fz_n / (*settings_.runner.body_mass_kg * kStandardGravity_m_s2);
  }
  r.cop_contact_x_m = contact.cop_contact_x_m;
  r.cop_contact_y_m = contact.cop_contact_y_m;
  if (!is_floor(track.plate) && track.cop_x) {
    belt_speed_.add_stance(contact.trace, contact.contact_s, contact.toe_off_s);
  }
  add_strike(track, contact, r);
  const bool announced = track.live_contact_s == contact.contact_s && track.live_announced;
  if (r.strike && !announced) {
    StrikeEvent e;
    e.side = r.side;
    e.plate = r.plate;
    e.contact_s = r.contact_s;
    e.pattern = *r.strike;
    e.strike_index = r.strike_index;
    e.confidence = r.strike_confidence;
    e.decided_s = now_s;
    e.receipt_ns = block.receipt_ns;
    sink.on_strike(e);
  }
  if (waiting_count_ == kMaxWaiting) release(sink, false);  // full: the oldest goes as it is
  waiting_[(waiting_first_ + waiting_count_) % kMaxWaiting] = r;
  ++waiting_count_;
  // Until each foot has landed once on a single belt, the next stance may show this one's side
  // was wrong: it waits for that stance.
  side_pending_ = track.plate == Plate::belt && side_assigner_.learning()
                      ? std::optional<std::uint64_t>(r.index)
                      : std::nullopt;
  release(sink, false);
}

void GaitEngine::assign_side(const PlateTrack& track, const Contact& contact, StrideRecord& r) {
  if (track.plate == Plate::left || track.plate == Plate::right) {
    r.side = track.plate == Plate::left ? Side::left : Side::right;
    r.side_evidence = SideEvidence::plate;
    r.side_confidence = 1.0;
    mark_crossover(r);
    return;
  }
  // Floor plates lie along a walkway in lab coordinates: their COP says nothing of the foot.
  const SideDecision d = side_assigner_.assign(
      track.plate == Plate::belt ? contact.landing_cop_y_m : std::optional<double>());
  r.side = d.side;
  r.side_evidence = d.evidence;
  r.side_confidence = d.confidence;
  if (side_assigner_.revised_previous() && side_pending_) revise_pending_side();
  side_pending_.reset();
}

void GaitEngine::revise_pending_side() {
  for (std::size_t k = 0; k < waiting_count_; ++k) {
    StrideRecord& previous = waiting_[(waiting_first_ + k) % kMaxWaiting];
    if (previous.index != *side_pending_) continue;
    const Side was = previous.side;
    previous.side = opposite(was);
    previous.side_evidence = SideEvidence::cop;
    previous.side_confidence = 0.9;
    // Its times were measured against the wrong foot: the stride and step swap, and the
    // feet's last contacts are put back.
    std::swap(previous.stride_time_ms, previous.step_time_ms);
    last_contact_s_[side_slot(previous.side)] = previous.contact_s;
    last_contact_s_[side_slot(was)] = before_last_contact_s_;
    return;
  }
}

void GaitEngine::mark_crossover(StrideRecord& r) const {
  // A split belt: two contacts in a row on one belt, the second within a step of the first while
  // the other belt stayed empty, are two feet on one belt — the second foot crossed over (or
  // stepped on the wrong belt). Counting it as this foot's next stride would invent a stride.
  const auto& own_last = last_contact_s_[side_slot(r.side)];
  const auto& other_last = last_contact_s_[side_slot(opposite(r.side))];
  if (!own_last || !typical_stride_s_) return;
  if (other_last && *other_last > *own_last) return;  // the feet alternated
  if (r.contact_s - *own_last < kCrossoverStrideFraction * *typical_stride_s_) {
    r.side = opposite(r.side);
    r.side_evidence = SideEvidence::crossover;
    r.side_confidence = kCrossoverConfidence;
  }
}

double GaitEngine::measured_foot_m() const {
  return long_cop_travel_m_ / (settings_.strike.toe_cop_fraction - kLongTravelStrikeIndex);
}

double GaitEngine::foot_length_m() const {
  if (settings_.runner.foot_length_m) return *settings_.runner.foot_length_m;
  return std::clamp(measured_foot_m(), kAssumedFootM, kMaxEstimatedFootM);
}

FootLengthSource GaitEngine::foot_length_source() const {
  if (settings_.runner.foot_length_m) return FootLengthSource::runner;
  return measured_foot_m() > kAssumedFootM ? FootLengthSource::estimated
                                           : FootLengthSource::assumed;
}

std::optional<double> GaitEngine::belt_speed_m_s() const {
  if (layout_ == TreadmillLayout::overground) return std::nullopt;
  if (settings_.treadmill.belt_speed_m_s) return settings_.treadmill.belt_speed_m_s;
  return belt_speed_.speed_m_s();
}

double GaitEngine::belt_speed_sd_m_s() const {
  return belt_speed_source() == BeltSpeedSource::estimated ? belt_speed_.sd_m_s() : 0.0;
}

BeltSpeedSource GaitEngine::belt_speed_source() const {
  if (layout_ == TreadmillLayout::overground) return BeltSpeedSource::none;
  if (settings_.treadmill.belt_speed_m_s) return BeltSpeedSource::given;
  return belt_speed_.speed_m_s() ? BeltSpeedSource::estimated : BeltSpeedSource::none;
}

const char* GaitEngine::strike_index_unavailable() const {
  if (!has_cop_) return "the data have no centre of pressure";
  if (layout_ != TreadmillLayout::overground && !belt_speed_m_s()) {
    return "the belt speed is unknown and no stance has shown it yet (--belt-speed-m-s or the "
           "treadmill file)";
  }
  return nullptr;
}

StrikeContext GaitEngine::strike_context(const PlateTrack& track, double contact_s,
                                         double toe_off_s) const {
  StrikeContext ctx;
  ctx.contact_s = contact_s;
  ctx.toe_off_s = toe_off_s;
  ctx.rate_hz = track.rate_hz;
  const bool floor = is_floor(track.plate);  // over ground: every contact on a new spot
  ctx.belt_speed_m_s = floor ? 0.0 : belt_speed_m_s().value_or(0.0);
  ctx.belt_speed_sd_m_s = floor ? 0.0 : belt_speed_sd_m_s();
  ctx.direction_from_cop = floor;
  ctx.foot_length_m = foot_length_m();
  if (settings_.runner.body_mass_kg) {
    ctx.body_weight_n = *settings_.runner.body_mass_kg * kStandardGravity_m_s2;
  }
  // Without a usable COP the analysis classifies from the force alone.
  ctx.use_cop = strike_index_unavailable() == nullptr;
  return ctx;
}

void GaitEngine::add_strike(const PlateTrack& track, const Contact& contact, StrideRecord& r) {
  const StrikeContext ctx = strike_context(track, contact.contact_s, contact.toe_off_s);
  const bool floor = is_floor(track.plate);
  const StrikeResult s = strike_analyzer_.analyze(contact.trace, ctx);
  r.strike = s.pattern;
  r.strike_index = s.strike_index;
  r.strike_confidence = s.confidence;
  r.foot_length_m = ctx.foot_length_m;
  r.impact_peak_n = s.impact_peak_n;
  r.impact_peak_ms = s.impact_peak_ms;
  r.loading_rate_method = s.loading_rate_method;
  r.valr_n_s = s.valr_n_s;
  r.vilr_n_s = s.vilr_n_s;
  if (ctx.body_weight_n) {
    const double bw = *ctx.body_weight_n;
    if (s.impact_peak_n) r.impact_peak_bw = *s.impact_peak_n / bw;
    if (s.valr_n_s) r.valr_bw_s = *s.valr_n_s / bw;
    if (s.vilr_n_s) r.vilr_bw_s = *s.vilr_n_s / bw;
  }

  // Decided at the end of the stance unless it was decided by the deadline.
  if (s.pattern) {
    r.strike_decided_ms =
        (contact.toe_off_s - contact.contact_s + settings_.contact.min_flight_s) * 1e3;
  }
  HeelPrior& prior = heel_prior_[side_slot(r.side)];
  if (ctx.use_cop && !floor) {
    if (const auto early = decide_early(contact.trace, ctx, settings_.strike, prior)) {
      r.strike_early = early->pattern;
      r.strike_early_confidence = early->confidence;
      r.strike_decided_ms = early->after_contact_s * 1e3;
      r.strike_overturned = s.pattern && *s.pattern != early->pattern;
    }
  }
  if (s.strike_index && s.cop_contact_m && s.toe_m) {
    if (!floor) prior.learn(*s.cop_contact_m - *s.strike_index * ctx.foot_length_m);
    cop_travel_m_[travel_next_] = *s.toe_m - *s.cop_contact_m;
    travel_next_ = (travel_next_ + 1) % kTravelHistory;
    travel_count_ = std::min(travel_count_ + 1, kTravelHistory);
    std::array<double, kTravelHistory> scratch = cop_travel_m_;
    long_cop_travel_m_ =
        percentile(std::span<double>(scratch.data(), travel_count_), kLongTravelPercentile);
  }
}

}  // namespace stridecue
