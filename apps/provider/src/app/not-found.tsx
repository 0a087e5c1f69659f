import Link from "next/link";
import { Button } from "@clearwell/ui/button";
import { EmptyState } from "@clearwell/ui/empty-state";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-lg items-center px-4">
      <EmptyState
        className="w-full"
        headingLevel="h1"
        title="Page not found"
        description="The page you were looking for doesn't exist or has moved."
        action={
          <Button asChild>
            <Link href="/dashboard">Go to dashboard</Link>
          </Button>
        }
      />
    </main>
  );
}
