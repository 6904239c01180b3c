#include "live/dispatcher.hpp"

#include <algorithm>
#include <cmath>

#include "api/control_server.hpp"
#include "audio/cue_player.hpp"
#include "events/api_events.hpp"
#include "live/recorder.hpp"
#include "report/stride_json.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

// Strides keep their strike's latency until their record comes out (~0.3 s later).
constexpr std::size_t kRecentStrikes = 64;
// A cue whose sound has not started after this many newer cues never will (sound off or lost).
constexpr std::size_t kPendingCues = 32;

}  // namespace

Dispatcher::Dispatcher(EngineLoop& loop, BlockChannel& blocks, const SourceLayout& layout,
                       DispatchOutputs outputs)
    : loop_(loop), blocks_(blocks), layout_(layout), out_(outputs) {
  if (out_.cue_presentation) cue_presentation_ = out_.cue_presentation();
}

bool Dispatcher::pump() {
  // Only what is there now: a slot handed back lets the source and the engine make more, and
  // an offline source (pace 0) would keep this loop busy while the events pile up unread.
  bool any = false;
  LiveEvent e;
  for (std::size_t n = loop_.events().size(); n > 0 && loop_.events().try_pop(e); --n) {
    on_event(e);
    any = true;
  }
  on_sound_started();
  std::uint16_t slot;
  for (std::size_t n = blocks_.done.size(); n > 0 && blocks_.done.try_pop(slot); --n) {
    store_block(slot);  // a copy: the slot is free again at once
    blocks_.free.try_push(slot);
    any = true;
  }
  return any;
}

void Dispatcher::broadcast(const Json& event) {
  if (out_.api) out_.api->broadcast(event.dump());
}

void Dispatcher::record_settings(double session_s, const std::string& source, const Json& changes) {
  broadcast({{"type", api_event::settings},
             {"session_s", session_s},
             {"source", source},
             {"changes", changes}});
  if (recording_) {
    StoredSettingsChange row;
    row.session_time_s = session_s;
    row.source = settings_source_from_string(source).value_or(SettingsSource::api);
    row.json = changes.dump();
    out_.recorder->add_settings_change(std::move(row));
  }
}

namespace {

Dispatcher::Figures fresh_figures(double now_s) {
  Dispatcher::Figures fresh;
  fresh.totals.session_s = fresh.began_s = now_s;
  return fresh;
}

}  // namespace

void Dispatcher::begin_session_figures() {
  figures_[1] = fresh_figures(figures_[0].totals.session_s);
  session_marks_.clear();
}

void Dispatcher::record_event(double session_s, const std::string& kind, const Json& data) {
  broadcast({{"type", kind}, {"session_s", session_s}, {"data", data}});
  if (recording_) out_.recorder->add_event({session_s, kind, data.dump()});
}

void Dispatcher::on_event(const LiveEvent& e) {
  count([&](Figures& f) { f.totals.session_s = std::max(f.totals.session_s, e.session_s); });
  switch (e.type) {
    case LiveEventType::strike: {
      const std::int64_t latency = e.decided_ns - e.strike.receipt_ns;
      count([&](Figures& f) { f.to_decision.add(latency); });
      recent_strikes_.push_back({e.strike.plate, e.strike.contact_s, latency, {}, {}});
      if (recent_strikes_.size() > kRecentStrikes) recent_strikes_.pop_front();
      broadcast({{"type", api_event::strike},
                 {"session_s", e.session_s},
                 {"side", to_string(e.strike.side)},
                 {"contact_s", e.strike.contact_s},
                 {"strike", to_string(e.strike.pattern)},
                 {"early", e.strike.early},
                 {"forced", e.strike.forced},
                 {"decided_ms", rounded((e.strike.decided_s - e.strike.contact_s) * 1e3, 2)},
                 {"receipt_to_decision_ns", latency}});
      break;
    }
    case LiveEventType::stride: on_stride(e); break;
    case LiveEventType::cue: on_cue(e); break;
    case LiveEventType::settings_applied:
      if (out_.cue_presentation) cue_presentation_ = out_.cue_presentation();
      broadcast(
          {{"type", api_event::settings_applied}, {"session_s", e.session_s}, {"version", e.seq}});
      break;
    case LiveEventType::baseline_reset:
      record_event(e.session_s, std::string(api_event::baseline_reset),
                   {{"side", e.side ? Json(to_string(*e.side)) : Json("both")}});
      break;
    case LiveEventType::signals: on_signals(e); break;
  }
}

void Dispatcher::on_signals(const LiveEvent& e) {
  Json fz = Json::array(), emg = Json::array();
  for (std::size_t i = 0; i < e.signals.plates; ++i)
    fz.push_back(rounded(e.signals.fz_n[i], 1));
  for (std::size_t i = 0; i < e.signals.emg_channels; ++i)
    emg.push_back(rounded(e.signals.emg_v[i], 9));
  Json sample = {{"session_s", rounded(e.session_s, 4)}, {"fz_n", fz}, {"emg_v", emg}};
  if (out_.signals_per_message <= 1) {
    sample["type"] = api_event::signals;
    return broadcast(sample);
  }
  signal_batch_.push_back(std::move(sample));
  if (signal_batch_.size() < out_.signals_per_message) return;
  // The newest sample also at the top, as a message of one: a client that reads no "batch"
  // still gets a trace, at the batch rate.
  Json message = signal_batch_.back();
  message["type"] = api_event::signals;
  message["batch"] = std::move(signal_batch_);
  signal_batch_ = Json::array();
  broadcast(message);
}

Dispatcher::RecentStrike* Dispatcher::find_strike(Plate plate, double contact_s) {
  for (auto it = recent_strikes_.rbegin(); it != recent_strikes_.rend(); ++it)
    if (it->plate == plate && it->contact_s == contact_s) return &*it;
  return nullptr;
}

void Dispatcher::on_stride(const LiveEvent& e) {
  const StrideRecord& r = e.stride;
  count([&](Figures& f) {
    ++f.totals.strides;
    f.summary.add(r);
  });
  session_marks_.push_back({r.contact_s, r.side, r.strike, std::nullopt});
  if (out_.printer) out_.printer->on_stride(r);
  nlohmann::ordered_json stride = stride_json(r);
  nlohmann::ordered_json latency = nlohmann::ordered_json::object();
  if (const RecentStrike* s = find_strike(r.plate, r.contact_s)) {
    latency["receipt_to_decision_ns"] = s->receipt_to_decision_ns;
    latency["cue_seq"] = s->cue_seq ? Json(*s->cue_seq) : Json(nullptr);
    latency["receipt_to_audio_ns"] =
        s->receipt_to_audio_ns ? Json(*s->receipt_to_audio_ns) : Json(nullptr);
  }
  stride["latency"] = latency;
  const std::string text = stride.dump();
  if (out_.api)
    out_.api->broadcast(R"({"type":")" + std::string(api_event::stride) + R"(","stride":)" + text +
                        "}");
  if (recording_) {
    StoredStride row;
    row.index = static_cast<std::int64_t>(r.index);
    row.side = r.side;
    row.contact_s = r.contact_s;
    if (r.strike) row.strike = std::string(to_string(*r.strike));
    row.strike_index = r.strike_index;
    row.json = text;
    out_.recorder->add_stride(std::move(row));
  }
}

void Dispatcher::on_cue(const LiveEvent& e) {
  const Cue& c = e.cue;
  count([&](Figures& f) {
    ++f.totals.cues;
    ++f.totals.by_kind.of(c.kind);
  });
  session_marks_.push_back({c.contact_s, c.side, std::nullopt, c.kind});
  const std::int64_t to_decision = e.decided_ns - e.receipt_ns;
  if (out_.cue_printer) out_.cue_printer(c);
  if (c.kind == CueKind::heel_strike) {
    for (auto& s : recent_strikes_)
      if (s.contact_s == c.contact_s) s.cue_seq = e.seq;
  }
  pending_cues_.push_back({e.seq, e.receipt_ns, c.contact_s});
  if (pending_cues_.size() > kPendingCues) pending_cues_.pop_front();
  // What `stridecue analyze` writes, plus the host latency.
  Json event = cue_json(c, cue_word(c, cue_presentation_));
  event["receipt_to_decision_ns"] = to_decision;
  const std::string why = event["why"].get<std::string>();
  broadcast(event);
  if (recording_) {
    StoredCue row;
    row.seq = static_cast<std::int64_t>(e.seq);
    row.kind = std::string(to_string(c.kind));
    row.side = c.side;
    row.contact_s = c.contact_s;
    row.decided_s = c.decided_s;
    row.reason = why;
    row.receipt_to_decision_ns = to_decision;
    row.json = event.dump();
    out_.recorder->add_cue(std::move(row));
  }
}

void Dispatcher::on_sound_started() {
  if (!out_.player) return;
  // The audio callback can start a cue's sound before this thread has read the cue's event
  // (the engine pushes the event, then triggers the sound): a start without its cue waits
  // here for the next pass rather than being lost.
  CueStarted started;
  while (out_.player->poll_started(started)) {
    unmatched_sounds_.push_back(started);
    if (unmatched_sounds_.size() > kPendingCues) unmatched_sounds_.pop_front();
  }
  for (auto sound = unmatched_sounds_.begin(); sound != unmatched_sounds_.end();) {
    const auto cue = std::find_if(pending_cues_.begin(), pending_cues_.end(),
                                  [&](const PendingCue& c) { return c.seq == sound->cue_seq; });
    if (cue == pending_cues_.end()) {
      ++sound;
      continue;
    }
    report_sound(*sound, *cue);
    pending_cues_.erase(cue);
    sound = unmatched_sounds_.erase(sound);
  }
}

void Dispatcher::report_sound(const CueStarted& started, const PendingCue& cue) {
  // Measured at the sound's first frame (onset_ns), which may lie inside the buffer.
  const std::int64_t to_audio = started.onset_ns - cue.receipt_ns;
  count([&](Figures& f) {
    f.to_audio.add(to_audio);
    f.decision_to_audio.add(started.onset_ns - started.decided_ns);
  });
  for (auto& s : recent_strikes_)
    if (s.cue_seq == started.cue_seq) s.receipt_to_audio_ns = to_audio;
  Json event = {{"type", api_event::cue_sound},
                {"seq", started.cue_seq},
                {"stream_frame", started.stream_frame},
                {"receipt_to_audio_ns", to_audio},
                {"onset_after_target_ns",
                 started.target_ns > 0 ? Json(started.onset_ns - started.target_ns) : Json()},
                {"contact_to_audio_ns", nullptr}};
  const double pace = blocks_.source_pace.load();
  if (pace > 0.0) {
    const auto contact_ns =
        blocks_.source_start_ns.load() + static_cast<std::int64_t>(cue.contact_s / pace * 1e9);
    count([&](Figures& f) { f.contact_to_audio.add(started.onset_ns - contact_ns); });
    event["contact_to_audio_ns"] = started.onset_ns - contact_ns;
  }
  broadcast(event);
  if (recording_) {
    out_.recorder->set_cue_audio_latency(static_cast<std::int64_t>(started.cue_seq), to_audio);
  }
}

void Dispatcher::store_block(std::uint16_t slot) {
  if (!recording_ || !out_.store_raw_samples) return;
  out_.recorder->add_block(blocks_.pool[slot].header);
  count([](Figures& f) { ++f.totals.blocks_stored; });
}

std::string Dispatcher::signal_names_json() const {
  Json fz = Json::array(), emg = Json::array();
  for (const auto& stream : layout_.streams)
    for (const auto& c : stream.channels) {
      if (c.quantity == Quantity::force_z && fz.size() < DisplaySignals::kMaxPlates)
        fz.push_back(c.name);
      if (c.quantity == Quantity::emg && emg.size() < DisplaySignals::kMaxEmg)
        emg.push_back(c.name);
    }
  return Json{{"fz_n", fz}, {"emg_v", emg}}.dump();
}

}  // namespace stridecue
