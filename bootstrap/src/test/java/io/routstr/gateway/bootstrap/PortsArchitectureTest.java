package io.routstr.gateway.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ports are honest (issue 12): every output port is implemented by an adapter and called by the application, no
 * adapter reaches another adapter through a port, and bootstrap holds wiring only.
 */
@AnalyzeClasses(
        packages = "io.routstr.gateway",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestFixtures.class})
class PortsArchitectureTest {

    private static final String PORT_OUT = "io.routstr.gateway.application.port.out";
    private static final String APPLICATION = "io.routstr.gateway.application.";
    private static final List<String> ADAPTER_MODULES = List.of("rest", "persistence", "cashu", "upstream");

    /**
     * Ports that hand over a JDK facility rather than reach the outside world: the wall clock is the JVM's, wired in
     * {@code bootstrap.config}. Owned by one adapter, it would make every other adapter that reads the time reach
     * that adapter through the port.
     */
    static final Set<String> JDK_FACILITIES = Set.of(PORT_OUT + ".ClockPort");

    @ArchTest
    static final ArchRule everyOutputPortIsImplementedByAnAdapterAndCalledByTheApplication = classes()
            .that()
            .resideInAPackage(PORT_OUT + "..")
            .and()
            .areTopLevelClasses()
            .and()
            .areInterfaces()
            .should(new ArchCondition<JavaClass>("be implemented in an adapter module and called by application code") {
                @Override
                public void check(JavaClass port, ConditionEvents events) {
                    boolean implemented = JDK_FACILITIES.contains(port.getName())
                            || port.getAllSubclasses().stream()
                                    .anyMatch(c -> adapterModule(c).isPresent());
                    if (!implemented) {
                        events.add(SimpleConditionEvent.violated(
                                port, port.getSimpleName() + " has no implementation in an adapter module"));
                    }
                    boolean called = calls(port).stream()
                            .anyMatch(call -> call.getOriginOwner().getName().startsWith(APPLICATION)
                                    && !isPortOut(call.getOriginOwner().getPackageName()));
                    if (!called) {
                        events.add(SimpleConditionEvent.violated(
                                port, port.getSimpleName() + " is called by no application code"));
                    }
                }
            });

    @ArchTest
    static final ArchRule noAdapterReachesAnotherAdapterThroughAPort = classes()
            .that()
            .resideInAPackage(PORT_OUT + "..")
            .and()
            .areTopLevelClasses()
            .and()
            .areInterfaces()
            .should(new ArchCondition<JavaClass>("be called from no adapter module other than one implementing it") {
                @Override
                public void check(JavaClass port, ConditionEvents events) {
                    Set<String> implementing = new TreeSet<>();
                    port.getAllSubclasses().forEach(c -> adapterModule(c).ifPresent(implementing::add));
                    for (JavaMethodCall call : calls(port)) {
                        Optional<String> caller = adapterModule(call.getOriginOwner());
                        // A port no adapter implements (the clock) leads to no adapter.
                        if (caller.isPresent() && !implementing.isEmpty() && !implementing.contains(caller.get())) {
                            events.add(SimpleConditionEvent.violated(
                                    port,
                                    "adapter " + caller.get() + " reaches " + implementing + " through "
                                            + port.getSimpleName() + ": " + call.getDescription()));
                        }
                    }
                }
            });

    @ArchTest
    static final ArchRule bootstrapHoldsWiringOnly = classes()
            .that()
            .resideInAPackage("io.routstr.gateway.bootstrap..")
            .and()
            .doNotHaveFullyQualifiedName(GatewayApplication.class.getName())
            .should()
            .resideInAnyPackage(
                    "io.routstr.gateway.bootstrap.config..",
                    "io.routstr.gateway.bootstrap.jobs..",
                    "io.routstr.gateway.bootstrap.metrics..",
                    "io.routstr.gateway.bootstrap.web..")
            .because("bootstrap wires (configuration and its properties, scheduled jobs, metrics decorators, the web"
                    + " server); logic lives in the application, adapters in adapter modules");

    @ArchTest
    static final ArchRule oneLoggingApi = noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.System$Logger")
            .because("the node logs through SLF4J only (docs/architecture.md, Logging)");

    @ArchTest
    static final ArchRule handWrittenSqlGoesThroughJdbcClient = noClasses()
            .that()
            .resideInAPackage("io.routstr.gateway.persistence..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate")
            .because("persistence has one rule (docs/architecture.md, Data access): JPA where an aggregate is mapped,"
                    + " JdbcClient for hand-written SQL");

    /** Every call to a method of {@code port}, whether made through the port or a sub-interface of it. */
    private static Set<JavaMethodCall> calls(JavaClass port) {
        Set<JavaMethodCall> calls = new java.util.HashSet<>(port.getMethodCallsToSelf());
        port.getMethods().forEach(m -> calls.addAll(m.getCallsOfSelf()));
        return calls;
    }

    /** Whether {@code packageName} is the output ports' package or one of its subpackages. */
    private static boolean isPortOut(String packageName) {
        return packageName.equals(PORT_OUT) || packageName.startsWith(PORT_OUT + ".");
    }

    /** The adapter module {@code c} belongs to, if it is adapter code. */
    private static Optional<String> adapterModule(JavaClass c) {
        return ADAPTER_MODULES.stream()
                .filter(m -> c.getPackageName().equals("io.routstr.gateway." + m)
                        || c.getPackageName().startsWith("io.routstr.gateway." + m + "."))
                .findFirst();
    }
}
