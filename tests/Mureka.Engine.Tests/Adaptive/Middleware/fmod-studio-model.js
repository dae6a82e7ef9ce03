// Runs an FMOD Studio script outside FMOD Studio against a model of the scripting API that offers only the members
// the FMOD Studio Scripting API Reference documents (workspace.addEvent, Event.addGroupTrack, Event.addMarkerTrack,
// Event.addGameParameter, GroupTrack.addSound, MarkerTrack.addNamedMarker, project.create, project.importAudioFile,
// ManagedObject.addAutomator, Automator.addAutomationCurve, AutomationCurve.addAutomationPoint) and, for entities made
// with project.create, only their documented properties. Anything else throws, so a script that relies on an
// undocumented member fails here. Prints what the script built as JSON.
//   usage: node fmod-studio-model.js SCRIPT.js SET_DIRECTORY
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [scriptPath, setDirectory] = process.argv.slice(2);
const built = { events: [], audioFiles: [], entities: [], log: [] };

function strict(name, target) {
    return new Proxy(target, {
        // An unknown member reads as undefined, as in FMOD Studio (so feature tests work); calling it then fails.
        get(object, key) {
            return object[key];
        },
        set(object, key, value) {
            if (!(key in object)) throw new Error(`${name} has no property '${String(key)}' in the scripting API`);
            object[key] = value;
            return true;
        },
    });
}

const entityProperties = {
    TempoMarker: ["timeline", "markerTrack", "position", "tempo", "timeSignatureNumerator", "timeSignatureDenominator"],
    LoopRegion: ["timeline", "markerTrack", "position", "length"],
    TransitionRegion: ["timeline", "markerTrack", "position", "length", "destination", "quantizationInterval"],
    TransitionMarker: ["timeline", "markerTrack", "position", "destination"],
};

function number(value, what) {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}`);
    return value;
}

function event(name) {
    const record = { name, tracks: [], markers: [], parameters: [] };
    built.events.push(record);
    const timeline = strict("Timeline", { event: name });
    return strict("Event", {
        timeline,
        addMarkerTrack() {
            return strict("MarkerTrack", {
                addNamedMarker(markerName, position) {
                    const marker = { name: String(markerName), position: number(position, "marker position") };
                    record.markers.push(marker);
                    return strict("NamedMarker", marker);
                },
            });
        },
        addGameParameter(definition) {
            for (const key of Object.keys(definition)) {
                if (!["name", "type", "min", "max"].includes(key)) throw new Error(`parameter definition has no field '${key}'`);
            }
            const parameter = { name: definition.name, min: number(definition.min, "min"), max: number(definition.max, "max") };
            record.parameters.push(parameter);
            return strict("ParameterProxy", { preset: strict("ParameterPreset", { parameter: parameter.name }) });
        },
        addGroupTrack(trackName) {
            const track = { name: String(trackName), sounds: [], automation: [] };
            record.tracks.push(track);
            return strict("GroupTrack", {
                mixerGroup: strict("MixerGroup", {
                    addAutomator(property) {
                        return strict("Automator", {
                            addAutomationCurve(preset) {
                                const curve = { property, parameter: preset.parameter, points: [] };
                                track.automation.push(curve);
                                return strict("AutomationCurve", {
                                    addAutomationPoint(position, value) {
                                        curve.points.push([number(position, "point position"), number(value, "point value")]);
                                    },
                                });
                            },
                        });
                    },
                }),
                addSound(onTimeline, type, start, length) {
                    if (onTimeline !== timeline) throw new Error("addSound must be given the event's own timeline");
                    if (type !== "SingleSound") throw new Error(`unexpected sound type ${type}`);
                    const sound = { start: number(start, "start"), length: number(length, "length"), audioFile: null };
                    track.sounds.push(sound);
                    return strict("SingleSound", sound);
                },
            });
        },
    });
}

const studio = {
    project: strict("Project", {
        workspace: strict("Workspace", { addEvent: (name, withSpatializer) => { if (typeof withSpatializer !== "boolean") throw new Error("withSpatializer must be a bool"); return event(name); } }),
        parameterType: strict("ParameterType", { User: 0 }),
        quantizationInterval: strict("QuantizationInterval", { Bar: 1, Beat: 2 }),
        create(entityName) {
            const properties = entityProperties[entityName];
            if (!properties) throw new Error(`project.create('${entityName}') is not an entity this model knows`);
            const entity = Object.fromEntries(properties.map(p => [p, null]));
            entity.kind = entityName;
            built.entities.push(entity);
            return strict(entityName, entity);
        },
        importAudioFile(filePath) {
            if (!fs.existsSync(filePath)) throw new Error(`importAudioFile: no such file ${filePath}`);
            built.audioFiles.push(path.relative(setDirectory, filePath));
            return strict("AudioFile", { path: filePath });
        },
    }),
};

const context = vm.createContext({ studio, console: { log: message => built.log.push(String(message)) }, Math, Number, JSON });
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), context, { filename: scriptPath });
vm.runInContext(`murekaImportSet(${JSON.stringify(setDirectory)})`, context);
for (const entity of built.entities) {
    for (const key of ["destination", "timeline", "markerTrack"]) {
        if (entity[key] && typeof entity[key] === "object") entity[key] = key === "destination" ? entity[key].name : "set";
    }
}
process.stdout.write(JSON.stringify(built));
