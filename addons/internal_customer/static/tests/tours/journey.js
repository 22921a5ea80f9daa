/** @odoo-module **/
// Copyright 2026 Internal Customer 360
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

// Helpers for the journeys' tours.
//
// Tap budgets: a tour counts every tap (a click, or a touch that ends in one)
// from `startCountingTaps` on, and `atMostTaps` fails the tour above the budget.
// Typing counts one tap: the one that puts the cursor in the field.
//
// Screenshots: `screenshot` asks the test to save the page (the README's
// pictures, see tests/tour_screenshots.py) and waits for its answer. `on`
// says at which size: "phone" (under 768 px), "desktop" or both.

export function startCountingTaps(trigger) {
    return {
        content: "Start counting taps",
        trigger,
        run() {
            window.__ic360Taps = 0;
            if (!window.__ic360Counting) {
                document.addEventListener("click", () => window.__ic360Taps++, true);
                window.__ic360Counting = true;
            }
        },
    };
}

export function atMostTaps(max, journey, trigger) {
    return {
        content: `${journey}: at most ${max} taps`,
        trigger,
        run() {
            const taps = window.__ic360Taps;
            console.log(`ic360: ${journey} in ${taps} taps`);
            if (!(taps <= max)) {
                throw new Error(`${journey} took ${taps} taps, more than ${max}`);
            }
        },
    };
}

export function screenshot(name, height, trigger, on = "both") {
    return [
        {
            content: `Screenshot ${name}`,
            trigger,
            run() {
                const phone = window.innerWidth < 768;
                const wanted = on === "both" || (on === "phone") === phone;
                if (wanted) {
                    console.log(`ic360-screenshot: ${name} ${height}`);
                } else {
                    document.body.dataset.ic360Shot = name;
                }
            },
        },
        {
            content: `Screenshot ${name}: done`,
            trigger: `body[data-ic360-shot='${name}']`,
            run() {
                delete document.body.dataset.ic360Shot;
            },
        },
    ];
}
