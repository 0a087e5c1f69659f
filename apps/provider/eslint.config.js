export { default } from "@clearwell/eslint-config/react";
