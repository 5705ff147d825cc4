// frontend/eslint.config.js takes its plugins and configs from here, so that they resolve in this install (with its
// TypeScript 6) and never in frontend/node_modules (with TypeScript 7, which typescript-eslint cannot load).
export { default as js } from "@eslint/js";
export { default as reactHooks } from "eslint-plugin-react-hooks";
export { default as globals } from "globals";
export { default as tseslint } from "typescript-eslint";
