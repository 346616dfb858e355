import { describe, expect, test } from "vitest";
import { centredWindow, computeWindow } from "./window.js";

describe("computeWindow", () => {
	test.each([
		{
			selected: 0,
			total: 100,
			height: 10,
			top: 0,
			expected: { from: 0, to: 10 },
		},
		{
			selected: 9,
			total: 100,
			height: 10,
			top: 0,
			expected: { from: 0, to: 10 },
		},
		{
			selected: 10,
			total: 100,
			height: 10,
			top: 0,
			expected: { from: 1, to: 11 },
		},
		{
			selected: 5,
			total: 100,
			height: 10,
			top: 20,
			expected: { from: 5, to: 15 },
		},
		{
			selected: 99,
			total: 100,
			height: 10,
			top: 0,
			expected: { from: 90, to: 100 },
		},
		{ selected: 3, total: 4, height: 10, top: 0, expected: { from: 0, to: 4 } },
		{ selected: 0, total: 0, height: 10, top: 0, expected: { from: 0, to: 0 } },
		{
			selected: 500,
			total: 100_000,
			height: 20,
			top: 495,
			expected: { from: 495, to: 515 },
		},
		{
			selected: 8,
			total: 10,
			height: 5,
			top: 9,
			expected: { from: 5, to: 10 },
		},
	])(
		"selected $selected of $total in $height rows from $top",
		({ expected, ...input }) => {
			expect(computeWindow(input)).toEqual(expected);
		},
	);

	test("the selection is always inside the window", () => {
		for (let selected = 0; selected < 50; selected++) {
			const { from, to } = computeWindow({
				selected,
				total: 50,
				height: 7,
				top: 20,
			});
			expect(selected >= from && selected < to).toBe(true);
			expect(to - from).toBe(7);
		}
	});

	test("centredWindow puts the selection in the middle", () => {
		expect(centredWindow(50, 100, 11)).toEqual({ from: 45, to: 56 });
	});
});
