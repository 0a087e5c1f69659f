import js from "@eslint/js";
import tseslint from "typescript-eslint";

import layers from "./layers.js";

/** Shared rules: type-only imports stay type-only; package layers (layers.js) hold. */
export default tseslint.config(
  { ignores: ["**/.next/**", "**/.next-portal/**", "**/.next-budget/**", "**/node_modules/**", "**/dist/**", "**/migrations/**", "**/*.config.*", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|describe|test)$/]", message: "No focused or skipped tests." },
      ],
    },
  },
  ...layers,
);
