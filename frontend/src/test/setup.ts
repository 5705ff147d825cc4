import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetEvents } from './wailsjs-stub/runtime/runtime';

// findBy*/waitFor give up after this long. The default (1 s) is too short when
// several test suites share a busy machine; a passing test does not wait longer.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks matchMedia, which antd's responsive helpers and our theme
// (follow the OS colour scheme) query. Report "light, no preference".
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

// antd measures elements with ResizeObserver in some components.
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// Testing Library flushes pending work with a setTimeout(0) and only advances
// fake clocks when it sees Jest's. This lets tests use vi.useFakeTimers() with
// userEvent and findBy* instead of hanging.
Object.defineProperty(globalThis, 'jest', {
  configurable: true,
  value: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) },
});

afterEach(() => {
  vi.useRealTimers();
  cleanup();
  resetEvents();
  window.localStorage.clear();
});

// antd asks for pseudo-element styles (scrollbar sizes), which jsdom does not
// implement and reports on every call; the element's own style is enough here.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);
