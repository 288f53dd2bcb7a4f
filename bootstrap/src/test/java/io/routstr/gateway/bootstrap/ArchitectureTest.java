package io.routstr.gateway.bootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.RestController;

/** The hexagon's rules (DESIGN.md, STYLE.md), checked on the production classes of every module. */
@AnalyzeClasses(
        packages = "io.routstr.gateway",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestFixtures.class})
class ArchitectureTest {

    /** Test fixtures shared as {@code -tests.jar}s are test code too. */
    static final class NoTestFixtures implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String DOMAIN = "io.routstr.gateway.domain..";
    private static final String APPLICATION = "io.routstr.gateway.application..";
    private static final String PORT_IN = "io.routstr.gateway.application.port.in..";
    private static final String PORT_OUT = "io.routstr.gateway.application.port.out..";
    private static final String SERVICES = "io.routstr.gateway.application.service..";
    private static final String[] ADAPTERS = {
        "io.routstr.gateway.rest..",
        "io.routstr.gateway.persistence..",
        "io.routstr.gateway.cashu..",
        "io.routstr.gateway.upstream.."
    };

    @ArchTest
    static final ArchRule domainDependsOnTheJdkOnly = classes()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(DOMAIN, "java..")
            .because("the domain is plain Java: its invariants must not hang on a framework");

    @ArchTest
    static final ArchRule applicationDependsOnTheDomainOnly = classes()
            .that()
            .resideInAPackage(APPLICATION)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(APPLICATION, DOMAIN, "java..", "org.slf4j")
            .because("use cases know no Spring, JPA, Jackson or Micrometer; adapters bring those (SLF4J, the node's one"
                    + " logging facade, is an API with no framework behind it)");

    @ArchTest
    static final ArchRule useCasesSpeakNoWireFormat = noClasses()
            .that()
            .resideInAnyPackage(APPLICATION, DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.fasterxml..", "jakarta.servlet..", "org.springframework.http..", "java.net.http..")
            .because("JSON, servlets and HTTP clients are the adapters' business (issue 9), even the JDK's own client");

    @ArchTest
    static final ArchRule onlyTheUpstreamAdapterAndTheServletContainersWiringKnowJetty = noClasses()
            .that(not(resideInAnyPackage("io.routstr.gateway.upstream..", "io.routstr.gateway.bootstrap.web..")))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jetty..")
            .because("Jetty's HTTP client is the upstream adapter's transport, chosen by measurement (issue 9), and"
                    + " Jetty's server one of the two servlet containers bootstrap's web wiring sets up"
                    + " (HTTP_SERVER); the rest of the node, bootstrap's other wiring included, sees neither");

    @ArchTest
    static final ArchRule theServletContainersWiringLeavesJettysClientToTheUpstreamAdapter = noClasses()
            .that()
            .resideInAPackage("io.routstr.gateway.bootstrap.web..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jetty.client..")
            .because("the upstream transport is the upstream adapter's, reached through its port");

    @ArchTest
    static final ArchRule adaptersAreIndependentOfEachOther = slices().matching(
                    "io.routstr.gateway.(rest|persistence|cashu|upstream)..")
            .should()
            .notDependOnEachOther()
            .because("adapters meet only through the application's ports");

    @ArchTest
    static final ArchRule adaptersUsePortsNotServices = noClasses()
            .that()
            .resideInAnyPackage(ADAPTERS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SERVICES)
            .because("an adapter calls a use case through its port.in interface");

    @ArchTest
    static final ArchRule nothingButBootstrapDependsOnBootstrap = noClasses()
            .that(not(resideInAPackage("io.routstr.gateway.bootstrap..")))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.routstr.gateway.bootstrap..");

    @ArchTest
    static final ArchRule inboundPortsDoNotKnowOutboundPorts = noClasses()
            .that()
            .resideInAPackage(PORT_IN)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(PORT_OUT);

    @ArchTest
    static final ArchRule outboundPortsDoNotKnowInboundPorts = noClasses()
            .that()
            .resideInAPackage(PORT_OUT)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(PORT_IN);

    @ArchTest
    static final ArchRule outboundPortsAreInterfacesNamedPort = classes()
            .that()
            .resideInAPackage(PORT_OUT)
            .and()
            .areTopLevelClasses()
            .should()
            .beInterfaces()
            .andShould()
            .haveSimpleNameEndingWith("Port");

    @ArchTest
    static final ArchRule useCasesAreInterfaces = classes()
            .that()
            .resideInAPackage(PORT_IN)
            .and()
            .haveSimpleNameEndingWith("UseCase")
            .should()
            .beInterfaces();

    @ArchTest
    static final ArchRule servicesImplementAUseCase = classes()
            .that()
            .resideInAPackage(SERVICES)
            .and()
            .haveSimpleNameEndingWith("Service")
            .should()
            .implement(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a use case", c -> c.getSimpleName().endsWith("UseCase")));

    @ArchTest
    static final ArchRule entitiesStayInsideThePersistenceAdapter = classes()
            .that()
            .areAnnotatedWith(Entity.class)
            .should()
            .resideInAPackage("io.routstr.gateway.persistence..")
            .andShould()
            .notBePublic()
            .because("rows never leave the persistence adapter; the rest of the code sees domain values");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes()
            .that()
            .areMetaAnnotatedWith(RestController.class)
            .should()
            .notHaveModifier(JavaModifier.PUBLIC)
            .andShould()
            .resideInAPackage("io.routstr.gateway.rest..");

    @ArchTest
    static final ArchRule portsSpeakInTypesNotJsonMaps = methods()
            .that()
            .areDeclaredInClassesThat()
            .resideInAnyPackage(PORT_IN, PORT_OUT)
            .and()
            .arePublic()
            .should(new ArchCondition<JavaMethod>("not take or return a Map<String, Object>") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    Method reflected = method.reflect();
                    List<Type> types = new ArrayList<>(List.of(reflected.getGenericParameterTypes()));
                    types.add(reflected.getGenericReturnType());
                    if (types.stream().anyMatch(ArchitectureTest::mentionsJsonObject)) {
                        events.add(SimpleConditionEvent.violated(
                                method, method.getFullName() + " takes or returns a Map<String, Object>"));
                    }
                }
            })
            .because("a use case or port speaks in typed values; parsed JSON is the adapters' business (issue 9)");

    /** Whether {@code type} is, or has among its type arguments, a {@code Map<String, Object>}. */
    private static boolean mentionsJsonObject(Type type) {
        if (!(type instanceof ParameterizedType parameterized)) {
            return false;
        }
        Type[] arguments = parameterized.getActualTypeArguments();
        if (parameterized.getRawType() == Map.class
                && arguments[0] == String.class
                && (arguments[1] == Object.class || arguments[1] instanceof WildcardType)) {
            return true;
        }
        return Arrays.stream(arguments).anyMatch(ArchitectureTest::mentionsJsonObject);
    }
}
