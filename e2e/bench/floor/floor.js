// The LiveKit floor: livekit-client alone, nothing else on the page. The provider side connects and
// publishes camera and microphone; the patient side connects without any grant and publishes
// camera and microphone the moment the permission-changed event grants it. Remote video goes to
// the one <video data-testid="remote-video">. Options come from the query string so publish
// settings can be compared on the floor itself (see admit-latency.bench.ts).
/* global LivekitClient, URLSearchParams, location, window, performance, document */
(async () => {
  const { Room, RoomEvent, Track, VideoPresets } = LivekitClient;
  const q = new URLSearchParams(location.search);
  const mark = (name) => window.__clearwellBench?.push({ name, at: performance.timeOrigin + performance.now() });
  const flag = (name) => q.get(name) === "1";
  const publishDefaults = {};
  if (q.has("simulcast")) publishDefaults.simulcast = flag("simulcast");
  if (q.get("layers")) publishDefaults.videoSimulcastLayers = q.get("layers").split(",").map((p) => VideoPresets[p]);
  const videoCaptureDefaults = q.get("res") ? { resolution: VideoPresets[q.get("res")].resolution } : undefined;
  const room = new Room({ adaptiveStream: flag("adaptive"), dynacast: flag("dynacast"), publishDefaults, videoCaptureDefaults });

  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind === Track.Kind.Video) track.attach(document.getElementById("remote"));
    else document.body.append(track.attach());
  });
  if (q.get("role") === "patient") {
    room.on(RoomEvent.ParticipantPermissionsChanged, (prev, participant) => {
      if (participant !== room.localParticipant || !participant.permissions?.canPublish || prev?.canPublish) return;
      mark("grant");
      void room.localParticipant.enableCameraAndMicrophone();
    });
  }
  await room.connect(q.get("url"), q.get("token"));
  if (q.get("role") === "provider") await room.localParticipant.enableCameraAndMicrophone();
  window.__floorReady = true;
})().catch((e) => {
  window.__floorError = String(e);
});
