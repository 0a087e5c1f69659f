/** Where the patient is in their provider's queue, in words; null while it isn't known yet. */
export function positionText(position: number | null): string | null {
  if (position === null || position < 1) return null;
  if (position === 1) return "You're next";
  const ahead = position - 1;
  return `${ahead} ${ahead === 1 ? "person" : "people"} ahead of you`;
}

/** What the provider is doing right now, named so the patient knows who they are waiting for. */
export function providerText(providerName: string, provider: "in_room" | "with_another_patient" | "not_joined"): string {
  switch (provider) {
    case "in_room":
      return `${providerName} is in the room`;
    case "with_another_patient":
      return `${providerName} is with another patient`;
    case "not_joined":
      return `${providerName} has not joined yet`;
  }
}
