import { createClearwellAuthClient } from "@clearwell/auth/client";

// better-auth's twoFactor plugin calls this when sign-in needs a TOTP code.
export const authClient = createClearwellAuthClient(() => {
  window.location.assign("/sign-in/two-factor");
});
