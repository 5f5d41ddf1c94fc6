package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.testing.RecordingMount;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The mount runner against a fake mount that records its arguments and answers as told, and a real tmpfs. */
final class MountRunnerIT {
    private static final Share SHARE = new Share("host:/volume", null, "shares:1");
    private static final Duration PAUSE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private RecordingMount fake;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void fake() throws Exception {
        fake = new RecordingMount(dir).start();
    }

    /** A runner whose root helper puts the recording mount and umount first on PATH. */
    private CommandRunner fakeRunner() {
        return new ExecCommandRunner(RootHelper.parse(fake.rootHelper()), Duration.ofSeconds(30));
    }

    /** The recording mount's table, as the toolkit reads it. */
    private ProcMounts fakeMounts() {
        return new ProcMounts(fake.mountTable());
    }

    private MountRunner runner() {
        return new MountRunner(fakeRunner(), fakeMounts(), sleeps::add);
    }

    private Path mountPoint() {
        return dir.resolve("base/d41d8cd98f00b204e9800998ecf8427e");
    }

    private MountCommand command(String name, String option) {
        return new MountCommand(name, List.of("mount", "-t", "fake", "-o", option, SHARE.address(), mountPoint().toString()));
    }

    private MountRequest request(int rounds, MountCommand... commands) {
        return new MountRequest(SHARE, mountPoint(), "FAKE", List.of(commands), rounds, PAUSE, Redaction.none());
    }

    private String call(String option) {
        return "mount -t fake -o " + option + " host:/volume " + mountPoint();
    }

    private RemoteFsException failure(MountRunner runner, MountRequest request) {
        return catchThrowableOfType(RemoteFsException.class, () -> runner.mount(request));
    }

    @Test
    void createsTheMountPointAndStopsAtTheFirstCommandThatMounts() throws Exception {
        fake.willAnswer("ok");

        runner().mount(request(3, command("first", "a"), command("second", "b")));

        assertThat(fake.calls()).containsExactly(call("a"));
        assertThat(mountPoint()).isDirectory();
        assertThat(fakeMounts().isMounted(mountPoint())).isTrue();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void fallsBackCommandByCommandWithoutPausingWithinARound() throws Exception {
        fake.willAnswer("fail not supported", "fail not supported", "ok");

        runner().mount(request(3, command("v2", "a"), command("v1", "b"), command("given", "c")));

        assertThat(fake.calls()).containsExactly(call("a"), call("b"), call("c"));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aMountCommandThatDoesNotAnswerIsStoppedAtTheDeadlineAndCountsAsAFailedAttempt() throws Exception {
        fake.willAnswer("hang", "ok");
        MountRunner runner = new MountRunner(fakeRunner(), fakeMounts(), sleeps::add, new StaleMountCheck(),
                Duration.ofSeconds(1));
        long started = System.nanoTime();

        runner.mount(request(2, command("first", "a")));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(fake.calls()).containsExactly(call("a"), call("a"));
        assertThat(fakeMounts().isMounted(mountPoint())).isTrue();
    }

    @Test
    void triesEveryRoundWithAPauseBetweenRoundsAndReportsEachAttemptsError() throws Exception {
        fake.willAnswer("fail error-a1", "fail error-b1", "fail error-a2", "fail error-b2", "fail error-a3", "fail error-b3");

        RemoteFsException e = failure(runner(), request(3, command("first", "a"), command("second", "b")));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("share", "host:/volume");
        // each command's (last) error is listed, under its name
        assertThat(e.getMessage()).contains("first=error-a3", "second=error-b3");
        assertThat(fake.calls()).containsExactly(call("a"), call("b"), call("a"), call("b"), call("a"), call("b"));
        assertThat(sleeps).containsExactly(PAUSE, PAUSE);
        assertThat(fakeMounts().isMounted(mountPoint())).isFalse();
    }

    @Test
    void aCommandThatExitsZeroWithoutMountingIsAFailure() throws Exception {
        fake.willAnswer("silent", "silent");

        RemoteFsException e = failure(runner(), request(1, command("first", "a"), command("second", "b")));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(fake.calls()).hasSize(2);
        assertThat(fakeMounts().isMounted(mountPoint())).isFalse();
    }

    @Test
    void busyOrAlreadyMountedIsASuccessOnlyWhenTheMountPointReallyIsMounted() throws Exception {
        fake.willAnswer("fail mount: /x is busy or already mounted");
        RemoteFsException e = failure(runner(), request(1, command("only", "a")));
        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);

        // another process mounted it meanwhile: the table says so
        fake.willAnswer("raced mount: /x is busy or already mounted");
        runner().mount(request(1, command("only", "a")));

        assertThat(fakeMounts().isMounted(mountPoint())).isTrue();
        assertThat(fake.calls()).hasSize(2);
    }

    @Test
    void anotherErrorIsAFailureEvenWhenTheMountPointIsMountedMeanwhile() throws Exception {
        fake.willAnswer("raced mount: permission denied", "ok");

        runner().mount(request(1, command("first", "a"), command("second", "b")));

        // the first error does not count as a success: the next command runs
        assertThat(fake.calls()).containsExactly(call("a"), call("b"));
    }

    @Test
    void aMountPointTheTableListsIsLeftAlone() throws Exception {
        fake.listMounted("host:/volume", mountPoint());

        runner().mount(request(3, command("first", "a")));

        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void aMountPointThatCannotBeCreatedFailsBeforeAnyMount() throws Exception {
        Files.writeString(dir.resolve("base"), "a file where the base should be");

        RemoteFsException e = failure(runner(), request(3, command("first", "a")));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("share", "host:/volume");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void anInterruptDuringThePauseStopsTheRounds() throws Exception {
        fake.willAnswer("fail a", "fail b", "fail c");
        MountRunner runner = new MountRunner(fakeRunner(), fakeMounts(), duration -> {
            throw new InterruptedException("stop");
        });

        RemoteFsException e = failure(runner, request(3, command("first", "a")));

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void secretsNeverAppearInTheErrorOrTheLog() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(MountRunner.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            // no stderr: the error is the command line itself; then a mount that echoes the secret
            fake.willAnswer("mute", "fail mount error(13): password=s3cret-pw refused", "mute",
                    "fail mount error(13): password=s3cret-pw refused");
            MountRequest request = new MountRequest(SHARE, mountPoint(), "FAKE",
                    List.of(command("credentials", "username=u,password=s3cret-pw"),
                            command("again", "username=u,password=s3cret-pw,vers=3.0")),
                    2, PAUSE, Redaction.of("s3cret-pw"));

            RemoteFsException e = failure(runner(), request);

            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
            assertThat(fake.calls()).as("the real secret reached mount").allMatch(call -> call.contains("s3cret-pw"));
            assertThat(e.getMessage()).doesNotContain("s3cret-pw").contains(Redaction.MASK);
            assertThat(e.details().values()).noneMatch(value -> value.contains("s3cret-pw"));
            assertThat(e.getCause()).isNull();
            assertThat(request.toString()).doesNotContain("s3cret-pw");
            assertThat(log.list).isNotEmpty()
                    .noneMatch(event -> event.getFormattedMessage().contains("s3cret-pw"));
        } finally {
            logger.detachAppender(log);
            logger.setLevel(level);
        }
    }

    @Test
    void mountsARealTmpfsOnceAndThenRunsNothing() throws Exception {
        Path mountPoint = RealPath.of(dir).resolve("real/mnt");
        AtomicInteger commands = new AtomicInteger();
        CommandRunner real = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));
        CommandRunner counting = command -> {
            commands.incrementAndGet();
            return real.run(command);
        };
        MountRunner runner = new MountRunner(counting, ProcMounts.system(), sleeps::add);
        MountRequest request = new MountRequest(new Share("remotefs-test:/mount-runner", null, "test"), mountPoint,
                "TMPFS", List.of(new MountCommand("tmpfs", List.of("mount", "-t", "tmpfs", "-o", "size=1m",
                        "remotefs-test:/mount-runner", mountPoint.toString()))), 1, PAUSE, Redaction.none());
        try {
            try {
                runner.mount(request);
            } catch (RemoteFsException e) {
                Assumptions.abort("tmpfs cannot be mounted here (root and mount(2) are needed): " + e.getMessage());
            }

            assertThat(ProcMounts.system().read()).containsEntry(mountPoint.toString(), "remotefs-test:/mount-runner");
            runner.mount(request);
            assertThat(commands).hasValue(1);
        } finally {
            real.run(new Command(List.of("umount", "-l", mountPoint.toString()), false, null, java.util.Set.of(0, 32), true));
        }
    }
}
