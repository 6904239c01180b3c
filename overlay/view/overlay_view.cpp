#include "view/overlay_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include <numeric>

namespace stridecue::overlay {

namespace {

constexpr std::size_t cadence_steps = 10;  // cadence is the mean over this many recent steps
constexpr double default_drop_ratio = 0.8;

std::string text_of(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::optional<double> number_of(const nlohmann::json& j, const char* key) {
  if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
  return std::nullopt;
}

}  // namespace

OverlayView::OverlayView(std::string api_url, ViewOptions options) : options_(options) {
  link_.url = std::move(api_url);
}

bool OverlayView::on_stream_text(std::string_view text, double now_s) {
  auto event = nlohmann::json::parse(text, nullptr, false);
  if (!event.is_object() || !event.contains("type") || !event["type"].is_string()) {
    ++bad_messages_;
    return false;
  }
  on_stream_event(event, now_s);
  return true;
}

void OverlayView::on_stream_event(const nlohmann::json& event, double now_s) {
  ++events_seen_;
  const std::string type = text_of(event, "type");
  if (const auto t = number_of(event, "session_s")) session_s_ = *t;
  if (type == api_event::hello)
    on_hello(event, now_s);
  else if (type == api_event::strike)
    on_strike(event);
  else if (type == api_event::cue)
    on_cue(event, now_s);
  else if (type == api_event::stride && event.contains("stride") && event["stride"].is_object())
    on_stride(event["stride"]);
  else if (type == api_event::signals)
    on_signals(event, now_s);
  else if (type == api_event::settings)
    on_settings_changed(event);
  else if (type == api_event::settings_applied) {
    if (event.contains("version") && event["version"].is_number_integer())
      edits_.applied_up_to(event["version"].get<long long>(), now_s);
  } else if (type == api_event::baseline_reset)
    on_baseline_reset(event);
  else if (type == api_event::reload_failed) {
    const auto& data = event.contains("data") ? event["data"] : nlohmann::json();
    notice_ = "config reload refused: " + text_of(data, "error");
  } else if (type == api_event::recording_interrupted || type == api_event::recording_resumed) {
    const auto& data = event.contains("data") ? event["data"] : nlohmann::json();
    on_recording(data, type == api_event::recording_interrupted);
  } else if (type == api_event::program_phase) {
    if (event.contains("data")) on_program(event["data"]);
  } else if (type == api_event::config_reloaded) {
    const auto& data = event.contains("data") ? event["data"] : nlohmann::json();
    on_reloaded(data);
  } else if (type == api_event::audio_unavailable) {
    const auto& data = event.contains("data") ? event["data"] : nlohmann::json();
    on_audio(data);
  } else if (type == api_event::device && event.contains("data"))
    link_.on_device_event(event["data"]);  // as the daemon sends it: docs/api.md
}

void OverlayView::on_hello(const nlohmann::json& event, double now_s) {
  link_.link = LinkState::connected;
  link_.connected_at_s = now_s;
  link_.ever_connected = true;
  link_.last_data_s.reset();
  if (!event.contains("status") || !event["status"].is_object()) return;
  on_status(event["status"]);
}

bool OverlayView::take_status_poll(double now_s) {
  if (link_.link != LinkState::connected) return false;
  if (status_polled_at_s_ && now_s - *status_polled_at_s_ < kStatusPoll_s) return false;
  status_polled_at_s_ = now_s;
  return true;
}

void OverlayView::on_program(const nlohmann::json& program) {
  const auto remaining = number_of(program, "remaining_s");
  const std::string phase = text_of(program, "phase");
  if (!remaining || phase.empty()) {
    program_.reset();
    return;
  }
  program_ = ProgramTimer{phase, *remaining};
  program_at_s_ = session_s_.value_or(0.0);
}

std::optional<OverlayView::ProgramTimer> OverlayView::program_timer() const {
  if (!program_) return std::nullopt;
  ProgramTimer now = *program_;
  now.remaining_s = std::max(0.0, now.remaining_s - (session_s_.value_or(0.0) - program_at_s_));
  return now;
}

std::string OverlayView::program_sentence() const {
  const auto timer = program_timer();
  if (!timer) return {};
  if (timer->phase == "complete") return "session complete";
  const auto left = static_cast<long long>(std::ceil(timer->remaining_s));
  const std::string phase = timer->phase == "warmup"      ? "warm-up"
                            : timer->phase == "retention" ? "retention block"
                                                          : timer->phase;
  return fmt::format("{} · {}:{:02} left", phase, left / 60, left % 60);
}

std::optional<double> OverlayView::session_elapsed_s() const {
  if (!session_s_ || !session_began_s_) return std::nullopt;
  return std::max(0.0, *session_s_ - *session_began_s_);
}

void OverlayView::on_status(const nlohmann::json& status) {
  link_.read_status(status);
  runner_id_ = text_of(status, "runner_id");
  if (status.contains("session") && status["session"].is_object() &&
      status["session"].contains("id") && status["session"]["id"].is_number_integer()) {
    const auto id = status["session"]["id"].get<long long>();
    if (session_id_ && *session_id_ != id) {  // a new session: its own strides and gauges
      strikes_.clear();
      glute_ = {};
      step_times_ms_.clear();
    }
    session_id_ = id;
    no_session_ = false;
    const auto& session = status["session"];
    session_number_.reset();
    session_began_s_.reset();
    if (session.contains("number") && session["number"].is_number_integer())
      session_number_ = session["number"].get<long long>();
    if (session.contains("began_s") && session["began_s"].is_number())
      session_began_s_ = session["began_s"].get<double>();
    program_.reset();
    if (session.contains("program")) on_program(session["program"]);
  } else if (status.contains("session") && status["session"].is_null()) {
    session_number_.reset();  // stopped: no session's number or time to show
    no_session_ = true;
    program_.reset();
    session_began_s_.reset();
  }
  if (status.contains("engine") && status["engine"].is_object() &&
      status["engine"].contains("settings_version") &&
      status["engine"]["settings_version"].is_number_integer())
    edits_.applied_up_to(status["engine"]["settings_version"].get<long long>(), 0.0);
  if (status.contains("signals")) name_traces(status["signals"]);
  if (status.contains("recording") && status["recording"].is_object()) {
    const auto& recording = status["recording"];
    if (text_of(recording, "state") == "idle") no_session_ = true;
    on_recording(recording, text_of(recording, "state") == "interrupted");
  }
  if (status.contains("audio") && status["audio"].is_object()) on_audio(status["audio"]);
  if (status.contains("cue_target")) on_cue_target(status["cue_target"]);
}

void OverlayView::on_cue_target(const nlohmann::json& target) {
  const auto min_share = number_of(target, "min_share");
  const std::string label = text_of(target, "label");
  if (!target.is_object() || !min_share || label.empty()) {
    cue_target_.reset();  // null: no target set
    return;
  }
  cue_target_ = CueTarget{label, *min_share, number_of(target, "share")};
}

std::string OverlayView::CueTarget::sentence() const {
  return share ? fmt::format("{} · {:.0f} %", label, *share * 100.0) : label + " · –";
}

void OverlayView::on_reloaded(const nlohmann::json& data) {
  // The coach's own changes that a reload undid, or left standing against the file.
  auto list = [&](const char* key, bool reverted) {
    std::string out;
    if (!data.contains(key) || !data[key].is_array()) return out;
    for (const auto& r : data[key]) {
      if (!r.is_object()) continue;
      const std::string coach = r.contains("coach") ? r["coach"].dump() : "?";
      const std::string file = r.contains("file") ? r["file"].dump() : "?";
      out += (out.empty() ? "" : ", ") + text_of(r, "key") + " " +
             (reverted ? coach + " → " + file : coach + " (file: " + file + ")");
    }
    return out;
  };
  const std::string reverted = list("reverted", true), kept = list("kept", false);
  if (!reverted.empty())
    notice_ = "config reload reverted the coach's " + reverted;
  else if (!kept.empty())
    notice_ = "config reloaded; kept the coach's " + kept;
}

void OverlayView::on_audio(const nlohmann::json& audio) {
  if (text_of(audio, "state") != "unavailable") {
    audio_unavailable_.reset();
    return;
  }
  const std::string error = text_of(audio, "error");
  audio_unavailable_ = error.empty() ? std::string("no sound device") : error;
}

std::string_view OverlayView::cue_side_text() const {
  if (!cue_) return {};
  const auto language = setting("cue.language");
  return cue_side_words(cue_->kind, cue_->side,
                        language.is_string() ? language.get_ref<const std::string&>() : "en");
}

std::string OverlayView::sound_sentence() const {
  return audio_unavailable_ ? "NO SOUND: " + *audio_unavailable_ : std::string();
}

void OverlayView::on_recording(const nlohmann::json& recording, bool interrupted) {
  if (!interrupted) {
    if (recording_interrupted_ && recording.contains("lost_blocks"))
      notice_ = "recording resumed (" + recording["lost_blocks"].dump() + " sample blocks lost)";
    recording_interrupted_.reset();
    return;
  }
  const std::string reason = text_of(recording, "reason");
  recording_interrupted_ = reason.empty() ? std::string("store error") : reason;
}

std::string OverlayView::recording_sentence() const {
  return recording_interrupted_ ? "not recording: " + *recording_interrupted_ : std::string();
}

void OverlayView::name_traces(const nlohmann::json& signals) {
  auto names = [&](const char* key, std::vector<TraceBuffer>& traces) {
    if (!signals.is_object() || !signals.contains(key) || !signals[key].is_array()) return;
    const auto& list = signals[key];
    bool same = traces.size() == list.size();
    for (std::size_t i = 0; same && i < list.size(); ++i)
      same = list[i].is_string() && traces[i].name() == list[i].get<std::string>();
    if (same) return;
    traces.clear();
    for (const auto& name : list)
      traces.emplace_back(name.is_string() ? name.get<std::string>() : name.dump());
  };
  names("fz_n", force_);
  names("emg_v", emg_);
}

void OverlayView::on_strike(const nlohmann::json& event) {
  const auto side = side_from_string(text_of(event, "side"));
  const auto contact = number_of(event, "contact_s");
  if (!side || !contact) return;
  const bool early =
      event.contains("early") && event["early"].is_boolean() && event["early"].get<bool>();
  strikes_.on_strike(*side, strike_class_from(text_of(event, "strike")), *contact, early);
}

void OverlayView::on_cue(const nlohmann::json& event, double now_s) {
  const auto kind = cue_kind_from_string(text_of(event, "kind"));
  if (!kind) return;
  ++cues_seen_[static_cast<std::size_t>(*kind)];
  // Only heard (cue.output.<kind> = "audio"): counted, but the screen stays calm.
  if (text_of(event, "output") == "audio") return;
  if (cue_ && cue_rank(*kind) < cue_rank(cue_->kind) && now_s >= cue_->shown_at_s &&
      now_s - cue_->shown_at_s <= options_.cue.hold_s) {
    ++cues_held_back_;  // the daemon still sounds it; the screen keeps the weightier word
    return;
  }
  cue_ = CueBanner{*kind, text_of(event, "side"), text_of(event, "why"),
                   now_s, std::nullopt,           text_of(event, "word")};
  if (*kind == CueKind::cadence && event.contains("reason") && event["reason"].is_object()) {
    const auto measured = number_of(event["reason"], "cadence_steps_min");
    const auto target = number_of(event["reason"], "cadence_target_steps_min");
    if (measured && target) cue_->quicker = *measured < *target;
  }
}

void OverlayView::on_stride(const nlohmann::json& stride) {
  const auto side = side_from_string(text_of(stride, "side"));
  if (!side) return;
  if (const auto contact = number_of(stride, "contact_s")) {
    if (stride.contains("strike") && stride["strike"].is_string())
      strikes_.on_stride(*side, strike_class_from(stride["strike"].get<std::string>()), *contact);
  }
  if (const auto step = number_of(stride, "step_time_ms"); step && *step > 0) {
    step_times_ms_.push_back(*step);
    while (step_times_ms_.size() > cadence_steps)
      step_times_ms_.pop_front();
  }
  if (const auto ratio = number_of(stride, "glute_ratio")) {
    auto& gauge = glute_[*side == Side::left ? 0 : 1];
    gauge.ratio = *ratio;
    gauge.drop = stride.contains("glute_drop") && stride["glute_drop"].is_boolean() &&
                 stride["glute_drop"].get<bool>();
    gauge.contact_s = number_of(stride, "contact_s").value_or(0.0);
  }
}

void OverlayView::on_signals(const nlohmann::json& event, double now_s) {
  link_.last_data_s = now_s;
  // A batch (api.signal_batch_s) holds every sample; its top level repeats the newest.
  if (event.contains("batch") && event["batch"].is_array()) {
    for (const auto& sample : event["batch"])
      if (sample.is_object()) push_signal_sample(sample);
  } else {
    push_signal_sample(event);
  }
}

void OverlayView::push_signal_sample(const nlohmann::json& event) {
  const auto t = number_of(event, "session_s");
  if (!t) return;
  auto push = [&](const char* key, std::vector<TraceBuffer>& traces, const char* prefix) {
    if (!event.contains(key) || !event[key].is_array()) return;
    const auto& values = event[key];
    while (traces.size() < values.size())  // a daemon that named no signals in its hello
      traces.emplace_back(prefix + std::to_string(traces.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i].is_number()) traces[i].push(*t, values[i].get<float>());
  };
  push("fz_n", force_, "fz ");
  push("emg_v", emg_, "emg ");
}

void OverlayView::on_settings_changed(const nlohmann::json& event) {
  if (!event.contains("changes") || !event["changes"].is_array()) return;
  for (const auto& change : event["changes"]) {
    if (!change.is_object() || !change.contains("key") || !change["key"].is_string()) continue;
    set_value_at(settings_, change["key"].get<std::string>(),
                 change.contains("new") ? change["new"] : nlohmann::json());
  }
}

void OverlayView::on_baseline_reset(const nlohmann::json& event) {
  const auto& data = event.contains("data") ? event["data"] : nlohmann::json();
  const std::string side = text_of(data, "side");
  if (side != "right") glute_[0] = {};
  if (side != "left") glute_[1] = {};
  notice_ = "baseline reset (" + (side.empty() ? std::string("both sides") : side) + ")";
}

void OverlayView::on_link(LinkState state, std::string detail, double now_s, double retry_at_s) {
  link_.link = state;
  link_.detail = std::move(detail);
  link_.retry_at_s = retry_at_s;
  if (state == LinkState::connected) {
    link_.connected_at_s = now_s;
    link_.ever_connected = true;
  }
}

void OverlayView::on_settings(const nlohmann::json& settings) {
  if (settings.is_object()) settings_ = settings;
}

void OverlayView::on_schema(const nlohmann::json& schema) {
  schema_ = parse_settings_schema(schema);
}

int OverlayView::on_edit_sent(const nlohmann::json& changes, double now_s) {
  return edits_.sent(changes, now_s);
}

void OverlayView::on_edit_answer(int request, int status, std::string_view body, double now_s) {
  edits_.answered(request, status, body, now_s);
  // The answer carries the settings after the change only as a diff; the stream's `settings`
  // event updates the values, so nothing more to do here.
}

double OverlayView::glute_drop_threshold() const {
  const auto v = setting("glute.baseline.drop_ratio");
  return v.is_number() ? v.get<double>() : default_drop_ratio;
}

std::optional<double> OverlayView::cadence_steps_per_min() const {
  if (step_times_ms_.empty()) return std::nullopt;
  const double mean = std::accumulate(step_times_ms_.begin(), step_times_ms_.end(), 0.0) /
                      static_cast<double>(step_times_ms_.size());
  return 60000.0 / mean;
}

}  // namespace stridecue::overlay
