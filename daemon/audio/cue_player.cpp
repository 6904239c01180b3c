#include "audio/cue_player.hpp"

#include "realtime/monotonic_clock.hpp"
#include "realtime/thread_priority.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "audio/cue_sounds.hpp"

namespace stridecue {

// The callback reads these: a lock inside an atomic would be a lock on the audio thread.
static_assert(std::atomic<double>::is_always_lock_free);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

namespace {

std::string sdl_error() {
  const char* e = SDL_GetError();
  return (e != nullptr && *e != '\0') ? e : "no SDL error text";
}

}  // namespace

std::size_t onset_offset_frames(std::int64_t target_ns, std::int64_t buffer_ns, int rate_hz,
                                std::size_t frames) {
  if (target_ns <= buffer_ns) return 0;
  const std::int64_t ahead_ns = target_ns - buffer_ns;
  // Bounded before the product, which then fits in 64 bits (1 s × 192 kHz × 1e9).
  const auto buffer_length_ns =
      static_cast<std::int64_t>(frames) * 1'000'000'000 / std::max(rate_hz, 1) + 1;
  if (ahead_ns >= buffer_length_ns) return frames;
  // Rounded up: the sound never begins before its target.
  const std::int64_t offset = (ahead_ns * rate_hz + 999'999'999) / 1'000'000'000;
  return std::min(static_cast<std::size_t>(offset), frames);
}

const char* CuePlayerOptions::problem() const {
  if (!(volume >= 0.0 && volume <= 1.0)) return "audio.volume must be within 0..1";
  if (sample_rate_hz < 8000 || sample_rate_hz > 192000)
    return "audio.sample_rate_hz must be within 8000..192000";
  if (buffer_frames < 16 || buffer_frames > 8192)
    return "audio.buffer_frames must be within 16..8192";
  if (!(cue_length_s >= 0.03 && cue_length_s <= 2.0))
    return "audio.cue_length_s must be within 0.03..2 s";
  if (!(metronome_volume >= 0.0 && metronome_volume <= 1.0))
    return "cue.cadence.metronome_volume must be within 0..1";
  if (realtime_priority < 0 || realtime_priority > 99)
    return "audio.realtime_priority must be within 0..99";
  return nullptr;
}

CuePlayer::CuePlayer(const CuePlayerOptions& options) {
  if (const char* p = options.problem()) throw std::invalid_argument(p);
  realtime_priority_ = options.realtime_priority;
  volume_.store(options.volume, std::memory_order_relaxed);
  metronome_volume_.store(options.metronome_volume, std::memory_order_relaxed);

  // An explicit driver wins over SDL_AUDIODRIVER; it can only take effect if SDL audio is not
  // already running in this process (SDL has one audio driver at a time).
  const bool already_running = SDL_WasInit(SDL_INIT_AUDIO) != 0;
  if (!options.driver.empty() && !already_running) {
    SDL_SetHintWithPriority(SDL_HINT_AUDIODRIVER, options.driver.c_str(), SDL_HINT_OVERRIDE);
  }
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    const std::string msg =
        "cannot start SDL audio" +
        (options.driver.empty() ? std::string() : " with driver '" + options.driver + "'") + ": " +
        sdl_error();
    if (!options.driver.empty() && !already_running) SDL_ResetHint(SDL_HINT_AUDIODRIVER);
    throw std::runtime_error(msg);
  }
  sdl_audio_initialised_ = true;
  // The hint was only for this init: leave no process-wide state behind.
  if (!options.driver.empty() && !already_running) SDL_ResetHint(SDL_HINT_AUDIODRIVER);
  const char* current = SDL_GetCurrentAudioDriver();
  driver_name_ = current != nullptr ? current : "";
  if (!options.driver.empty() && driver_name_ != options.driver) {
    const std::string msg = "audio driver '" + options.driver +
                            "' was asked for but SDL audio is already running with '" +
                            driver_name_ + "' in this process";
    close();
    throw std::runtime_error(msg);
  }

  SDL_AudioSpec want{};
  want.freq = options.sample_rate_hz;
  want.format = AUDIO_F32SYS;
  want.channels = 1;
  want.samples = static_cast<Uint16>(options.buffer_frames);
  want.callback = &CuePlayer::callback;
  want.userdata = this;
  SDL_AudioSpec have{};
  // Take the device's own rate and buffer size rather than have SDL resample or re-block (both
  // add latency); format and channels SDL converts for us, so the callback is always mono F32.
  const int allowed = SDL_AUDIO_ALLOW_FREQUENCY_CHANGE | SDL_AUDIO_ALLOW_SAMPLES_CHANGE;
  device_name_ = options.device;
  device_ = SDL_OpenAudioDevice(options.device.empty() ? nullptr : options.device.c_str(), 0, &want,
                                &have, allowed);
  if (device_ == 0) {
    const std::string msg = "cannot open SDL audio device '" +
                            (options.device.empty() ? std::string("(default)") : options.device) +
                            "' with driver '" + driver_name_ + "': " + sdl_error();
    close();
    throw std::runtime_error(msg);
  }
  obtained_rate_hz_ = have.freq;
  obtained_buffer_frames_ = have.samples;

  // The device opened paused: render at the rate SDL gave, then let the callback run.
  for (const CueKind kind : kCueKinds)
    sounds_[static_cast<std::size_t>(kind)] =
        render_cue_sound(kind, obtained_rate_hz_, options.cue_length_s);
  click_ = render_metronome_click(obtained_rate_hz_);
  click_position_ = click_.size();  // no tick sounding
  SDL_PauseAudioDevice(device_, 0);
}

CuePlayer::~CuePlayer() {
  close();
}

void CuePlayer::close() {
  if (device_ != 0) {
    SDL_CloseAudioDevice(device_);  // joins the audio thread: no callback runs after this
    device_ = 0;
  }
  if (sdl_audio_initialised_) {
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    sdl_audio_initialised_ = false;
  }
}

bool CuePlayer::trigger(CueKind kind, std::uint64_t cue_seq, std::int64_t decided_ns,
                        std::int64_t target_ns) {
  if (pending_.try_push(Pending{cue_seq, decided_ns, target_ns, kind})) return true;
  cues_dropped_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

bool CuePlayer::poll_started(CueStarted& out) {
  return started_.try_pop(out);
}

void CuePlayer::set_volume(double volume) {
  volume_.store(std::clamp(volume, 0.0, 1.0), std::memory_order_relaxed);
}

void CuePlayer::set_metronome(double steps_min) {
  const double rate = steps_min > 0.0 ? std::min(steps_min, kMaxMetronomeStepsMin) : 0.0;
  metronome_steps_min_.store(rate, std::memory_order_relaxed);
}

void CuePlayer::set_metronome_volume(double share) {
  metronome_volume_.store(std::clamp(share, 0.0, 1.0), std::memory_order_relaxed);
}

std::span<const float> CuePlayer::sound(CueKind kind) const {
  return sounds_[static_cast<std::size_t>(kind)];
}

void SDLCALL CuePlayer::callback(void* self, Uint8* stream, int bytes) {
  // SDL converts to the device's format after us: the stream is always the mono F32 we asked.
  static_cast<CuePlayer*>(self)->fill(reinterpret_cast<float*>(stream),
                                      static_cast<std::size_t>(bytes) / sizeof(float));
}

void CuePlayer::start_voice(const std::vector<float>& sound, std::size_t offset) {
  Voice* slot = nullptr;
  for (Voice& v : voices_) {
    if (v.samples == nullptr) {
      slot = &v;
      break;
    }
  }
  if (slot == nullptr) {
    // All busy: the newest cue matters more than the tail of the oldest sound.
    slot = &*std::max_element(voices_.begin(), voices_.end(), [](const Voice& a, const Voice& b) {
      return a.position < b.position;
    });
    voices_stolen_.fetch_add(1, std::memory_order_relaxed);
  }
  *slot = Voice{sound.data(), sound.size(), 0, offset};
}

void CuePlayer::start_due(std::int64_t now, std::uint64_t first_frame, std::size_t frames) {
  // New cues join the waiting ones while there is room; the rest wait in the ring.
  Pending p;
  while (waiting_count_ < waiting_.size() && pending_.try_pop(p)) {
    if (p.target_ns > now + kMaxTargetWaitNs) p.target_ns = now + kMaxTargetWaitNs;
    waiting_[waiting_count_++] = p;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < waiting_count_; ++i) {
    const Pending& w = waiting_[i];
    const std::size_t offset = onset_offset_frames(w.target_ns, now, obtained_rate_hz_, frames);
    if (offset >= frames) {
      waiting_[kept++] = w;  // a later buffer: keep the order of arrival
      continue;
    }
    start_voice(sounds_[static_cast<std::size_t>(w.kind)], offset);
    const std::int64_t onset_ns =
        now + static_cast<std::int64_t>(offset) * 1'000'000'000 / obtained_rate_hz_;
    if (!started_.try_push(CueStarted{w.cue_seq, w.kind, w.decided_ns, w.target_ns, now,
                                      static_cast<std::uint32_t>(offset), onset_ns,
                                      first_frame + offset})) {
      reports_dropped_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  waiting_count_ = kept;
}

bool CuePlayer::mix_metronome(float* out, std::size_t frames, float gain) {
  const std::size_t click_length = click_.size();
  bool mixed = false;
  // The tail of a tick begun in an earlier buffer (a tick is far shorter than a beat, so it
  // always ends before the next one begins).
  if (click_position_ < click_length) {
    const std::size_t n = std::min(frames, click_length - click_position_);
    const float* src = click_.data() + click_position_;
    for (std::size_t i = 0; i < n; ++i)
      out[i] += gain * src[i];
    click_position_ += n;
    mixed = true;
  }

  const double steps_min = metronome_steps_min_.load(std::memory_order_relaxed);
  if (!(steps_min > 0.0)) {
    tick_period_frames_ = 0.0;  // stopped: the next start ticks at once
    return mixed;
  }
  const double period = static_cast<double>(obtained_rate_hz_) * 60.0 / steps_min;
  if (tick_period_frames_ == 0.0) {
    next_tick_frames_ = 0.0;
  } else if (period != tick_period_frames_) {
    // The same share of the beat still to go, at the new rate: no jump in phase.
    next_tick_frames_ *= period / tick_period_frames_;
  }
  tick_period_frames_ = period;

  const auto end = static_cast<double>(frames);
  while (next_tick_frames_ < end) {
    // The first whole frame at or after the tick's time (ceil of a value in (-1, 0] is 0).
    const auto at = static_cast<std::size_t>(std::max(0.0, std::ceil(next_tick_frames_)));
    if (at >= frames) break;
    const std::size_t n = std::min(frames - at, click_length);
    for (std::size_t i = 0; i < n; ++i)
      out[at + i] += gain * click_[i];
    click_position_ = n;
    mixed = true;
    metronome_ticks_.fetch_add(1, std::memory_order_release);
    next_tick_frames_ += period;
  }
  next_tick_frames_ -= end;
  return mixed;
}

void CuePlayer::fill(float* out, std::size_t frames) {
  if (audio_thread_priority_.load(std::memory_order_relaxed) < 0) {
    // Once, on SDL's own thread (there is no other way to name it): the one system call the
    // callback ever makes. Refused, the thread keeps what SDL gave it (nice -20 on Linux).
    audio_thread_priority_.store(request_realtime(pthread_self(), realtime_priority_).priority,
                                 std::memory_order_relaxed);
  }
  const std::int64_t now = monotonic_ns();
  if (stream_start_ns_.load(std::memory_order_relaxed) == 0) {
    stream_start_ns_.store(now, std::memory_order_release);
  }
  const std::uint64_t first_frame = frames_written_.load(std::memory_order_relaxed);

  start_due(now, first_frame, frames);

  std::memset(out, 0, frames * sizeof(float));
  const double volume = volume_.load(std::memory_order_relaxed);
  const auto gain = static_cast<float>(volume);
  // The metronome first; the cues mix on top of it.
  bool mixed = mix_metronome(
      out, frames, static_cast<float>(volume * metronome_volume_.load(std::memory_order_relaxed)));
  for (Voice& v : voices_) {
    if (v.samples == nullptr) continue;
    const std::size_t begin = std::min(v.delay, frames);
    const std::size_t n = std::min(frames - begin, v.length - v.position);
    const float* src = v.samples + v.position;
    for (std::size_t i = 0; i < n; ++i)
      out[begin + i] += gain * src[i];
    v.delay = 0;
    v.position += n;
    if (v.position == v.length) v = Voice{};
    mixed = true;
  }
  if (mixed) {
    // Overlapping sounds saturate rather than wrap or exceed full scale.
    for (std::size_t i = 0; i < frames; ++i)
      out[i] = std::clamp(out[i], -1.0f, 1.0f);
  }
  frames_written_.store(first_frame + frames, std::memory_order_release);
}

}  // namespace stridecue
