export { default } from "@clearwell/eslint-config/base";
