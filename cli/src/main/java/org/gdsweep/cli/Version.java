package org.gdsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** gdsweep's version, from the build (filtered resource). */
public final class Version implements CommandLine.IVersionProvider {

    public static String gdsweep() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"gdsweep " + gdsweep(), "JDK " + System.getProperty("java.vm.vendor") + " " + Runtime.version()};
    }
}
