// Builds a Mureka adaptive set as one FMOD Studio music event (FMOD Studio 2.02 or later).
//
// Unzip the set, copy this file into your project's Scripts folder (or run it from Scripts > Reload), and choose
// "Mureka > Import adaptive set". It asks for the folder you unzipped the set into and creates:
//   * event:/Music/<title>: one timeline with every state as a loop region behind a destination marker, the tempo and
//     metre as a tempo marker, the layers as tracks whose volume follows the "<title> Intensity" parameter (layer N is
//     heard from intensity N), and each transition segment with a transition region on its source state (quantised to
//     the bar, condition "<title> State" = the destination's index) and a transition marker at its exit into the
//     destination;
//   * event:/Music/<title> stingers/<name>: one one-shot event per stinger.
// Positions come from set.json (below), in seconds on the timeline.
var MUREKA_SET = /*SET_JSON*/null;

var murekaImportSet = function (setDirectory) {
    var set = MUREKA_SET;
    var workspace = studio.project.workspace;
    var event = workspace.addEvent("Music/" + set.title, false);
    var markerTrack = event.addMarkerTrack();
    var tempo = studio.project.create("TempoMarker");
    tempo.timeline = event.timeline;
    tempo.markerTrack = markerTrack;
    tempo.position = 0;
    tempo.tempo = set.bpm;
    tempo.timeSignatureNumerator = Number(set.time_signature.split("/")[0]);
    tempo.timeSignatureDenominator = Number(set.time_signature.split("/")[1]);

    var intensity = event.addGameParameter({ name: set.title + " Intensity", type: studio.project.parameterType.User, min: 1, max: set.max_layers });
    var stateParameter = event.addGameParameter({ name: set.title + " State", type: studio.project.parameterType.User, min: 0, max: Math.max(1, set.states.length - 1) });

    var layerTracks = [];
    for (var layer = 1; layer <= set.max_layers; layer++) {
        var track = event.addGroupTrack("Layer " + layer);
        if (layer > 1) {
            // Silent below this layer's intensity, at full level from it.
            var automator = track.mixerGroup.addAutomator("volume");
            var curve = automator.addAutomationCurve(intensity.preset);
            curve.addAutomationPoint(1, -80);
            curve.addAutomationPoint(layer - 0.5, -80);
            curve.addAutomationPoint(layer, 0);
        }
        layerTracks.push(track);
    }
    var transitionTrack = event.addGroupTrack("Transitions");

    var destinations = {};
    var position = 0;
    set.states.forEach(function (state) {
        state.position = position;
        destinations[state.name] = markerTrack.addNamedMarker(state.name, position);
        var loop = studio.project.create("LoopRegion");
        loop.timeline = event.timeline;
        loop.markerTrack = markerTrack;
        loop.position = position;
        loop.length = state.seconds;
        state.layers.forEach(function (file, index) {
            var sound = layerTracks[index].addSound(event.timeline, "SingleSound", position, state.seconds);
            sound.audioFile = studio.project.importAudioFile(setDirectory + "/" + file);
        });
        position += state.seconds;
    });

    set.transitions.forEach(function (transition) {
        var name = transition.from + "_to_" + transition.to;
        var start = position;
        var entry = markerTrack.addNamedMarker(name, start);
        var sound = transitionTrack.addSound(event.timeline, "SingleSound", start, transition.seconds);
        sound.audioFile = studio.project.importAudioFile(setDirectory + "/" + transition.file);

        var source = set.states.filter(function (s) { return s.name === transition.from; })[0];
        var region = studio.project.create("TransitionRegion");
        region.timeline = event.timeline;
        region.markerTrack = markerTrack;
        region.position = source.position;
        region.length = source.seconds;
        region.destination = entry;
        region.quantizationInterval = studio.project.quantizationInterval.Bar;
        var destinationIndex = set.states.map(function (s) { return s.name; }).indexOf(transition.to);
        if (typeof region.addParameterCondition === "function") {
            region.addParameterCondition(stateParameter.preset, destinationIndex, destinationIndex);
        } else {
            console.log("Mureka: give the transition region to " + name + " the condition '" + set.title + " State' = " + destinationIndex);
        }

        var exit = studio.project.create("TransitionMarker");
        exit.timeline = event.timeline;
        exit.markerTrack = markerTrack;
        exit.position = start + transition.exit_seconds;
        exit.destination = destinations[transition.to];
        position += transition.seconds;
    });

    set.stingers.forEach(function (stinger) {
        var oneShot = workspace.addEvent("Music/" + set.title + " stingers/" + stinger.name, false);
        var sound = oneShot.addGroupTrack("Stinger").addSound(oneShot.timeline, "SingleSound", 0, stinger.seconds);
        sound.audioFile = studio.project.importAudioFile(setDirectory + "/" + stinger.file);
    });
    return event;
};

if (typeof studio !== "undefined" && studio.menu) {
    studio.menu.addMenuItem({
        name: "Mureka\\Import adaptive set",
        execute: function () {
            var directory = studio.system.getText("Folder you unzipped the set into", "");
            if (directory) {
                murekaImportSet(directory.replace(/[\\/]+$/, ""));
            }
        },
    });
}
