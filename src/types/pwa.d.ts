// Types of vite-plugin-pwa's virtual module, which registers the offline service worker (used by src/ui/UpdateNotice.tsx).
/// <reference types="vite-plugin-pwa/react" />
