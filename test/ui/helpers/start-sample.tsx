/** The real app on the docker-seed sample, plain ASCII, for interaction tests. */
import { render } from "ink-testing-library";
import { App } from "../../../source/ui/app.js";
import { engineAdapter } from "../../../source/ui/engine-adapter.js";
import { asciiGlyphs } from "../../../source/ui/lib/glyphs.js";
import { sampleSession } from "./sample-session.js";

export function startSample(): ReturnType<typeof render> & {
	readonly frame: () => string;
} {
	const app = render(
		<App
			engine={engineAdapter}
			session={sampleSession("docker-seed")}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	return { ...app, frame: () => app.lastFrame() ?? "" };
}
