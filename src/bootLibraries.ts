// The libraries the app is built on, imported by the page entry (main.tsx) on their own so they evaluate in a task before the app's code.
export { createRoot } from 'react-dom/client';
export { createStore } from 'zustand/vanilla';
