import { Skeleton } from "@clearwell/ui/skeleton";

export function IntakeSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-4">
      <span role="status" className="sr-only">
        Loading your intake
      </span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-2 w-full" />
      <div className="rounded-card border border-line bg-white p-5">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="mt-4 h-11 w-full" />
        <Skeleton className="mt-4 h-11 w-full" />
      </div>
    </div>
  );
}
