namespace KineticLab.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        // First Ctrl-C: cancel cooperatively (long runs save a checkpoint and exit); a second one terminates.
        Console.CancelKeyPress += (_, e) =>
        {
            if (cts.IsCancellationRequested) return;
            e.Cancel = true;
            cts.Cancel();
        };
        return App.Run(args, Console.Out, Console.Error, cts.Token);
    }
}
