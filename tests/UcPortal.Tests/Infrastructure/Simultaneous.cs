using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace UcPortal.Tests.Infrastructure;

/// <summary>Makes requests meet at one step, so a test of simultaneous requests really has them
/// side by side: a gate holds every save (or database command) it matches until its count of them
/// has arrived, then lets them all go at once. Each has passed its own checks before the gate and
/// none has seen the others' writes; only the product's guard can keep them apart. A gate opens once;
/// later matches pass. Every portal has one (<see cref="PortalFactory.Simultaneous"/>); with no gate
/// it changes nothing. A gate that does not fill within <see cref="Limit"/> fails the held requests:
/// the requests did not meet, so the test could not prove what it claims.</summary>
public sealed class Simultaneous : ISaveChangesInterceptor, IDbCommandInterceptor
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly List<Gate> _gates = [];
    private volatile bool _armed;

    /// <summary>Holds saves that add a <typeparamref name="T"/> (matching <paramref name="match"/>) until <paramref name="count"/> have arrived.</summary>
    public Gate Saves<T>(int count, Func<T, bool>? match = null) where T : class =>
        Add(new Gate(count, context => context.ChangeTracker.Entries<T>().Any(e => e.State == EntityState.Added && (match is null || match(e.Entity))), null));

    /// <summary>Holds database commands matching <paramref name="match"/> (e.g. an UPDATE's text) until <paramref name="count"/> have arrived.</summary>
    public Gate Commands(int count, Func<DbCommand, bool> match) => Add(new Gate(count, null, match));

    /// <summary>Removes every gate, letting anything still held go.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var gate in _gates)
            {
                gate.Open();
            }
            _gates.Clear();
            _armed = false;
        }
    }

    private Gate Add(Gate gate)
    {
        lock (_lock)
        {
            _gates.Add(gate);
            _armed = true;
        }
        return gate;
    }

    private Task? Arrive(Func<Gate, bool> matches)
    {
        if (!_armed)
        {
            return null;
        }
        lock (_lock)
        {
            var gate = _gates.FirstOrDefault(g => !g.IsOpen && matches(g));
            return gate?.Arrive();
        }
    }

    private static async Task WaitAsync(Task wait, CancellationToken ct) => await wait.WaitAsync(Limit, ct);

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Arrive(g => g.MatchesSave?.Invoke(eventData.Context!) == true) is { } wait)
        {
            await WaitAsync(wait, cancellationToken);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Arrive(g => g.MatchesCommand?.Invoke(command) == true) is { } wait)
        {
            await WaitAsync(wait, cancellationToken);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Arrive(g => g.MatchesCommand?.Invoke(command) == true) is { } wait)
        {
            await WaitAsync(wait, cancellationToken);
        }
        return result;
    }

    public sealed class Gate(int count, Func<DbContext, bool>? matchesSave, Func<DbCommand, bool>? matchesCommand)
    {
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Func<DbContext, bool>? MatchesSave { get; } = matchesSave;

        internal Func<DbCommand, bool>? MatchesCommand { get; } = matchesCommand;

        /// <summary>How many have arrived (all of them once it opened by itself).</summary>
        public int Arrived { get; private set; }

        public bool IsOpen => _allArrived.Task.IsCompleted;

        internal Task Arrive()
        {
            if (++Arrived >= count)
            {
                _allArrived.TrySetResult();
            }
            return _allArrived.Task;
        }

        internal void Open() => _allArrived.TrySetResult();
    }
}
